"""Print the second-factor code of the demo staff accounts (sample data only), as an authenticator app would."""

import time

from django.core.management.base import BaseCommand

from accounts.sample import DEMO_TOTP_SECRET
from accounts.twofactor import code_for_secret

STEP_SECONDS = 30


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo accounts (key JBSWY3DPEHPK3PXP…, sample data only)."

    def handle(self, *args, **options):
        now = time.time()
        left = STEP_SECONDS - int(now) % STEP_SECONDS
        self.stdout.write(code_for_secret(DEMO_TOTP_SECRET, at=now))
        self.stderr.write(f"valid for {left} more seconds; each code is accepted once per account")
