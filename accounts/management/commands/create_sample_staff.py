from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.sample import DEMO_PASSWORD, DEMO_TOTP_SECRET, sample_staff_create


class Command(BaseCommand):
    help = "Create the demo staff accounts of the sample organisations (idempotent; refused in production)."

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Refusing to create demo accounts with a known password when PRODUCTION=True.")
        try:
            users = sample_staff_create()
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options.get("verbosity", 1) >= 1:
            for user in users:
                orgs = ", ".join(
                    f"{m.organization.name} ({m.role})" for m in user.memberships.select_related("organization")
                )
                self.stdout.write(f"  {user.email}: {orgs or 'network administrator'}")
            self.stdout.write(f"  password: {DEMO_PASSWORD}   TOTP secret (base32): {DEMO_TOTP_SECRET}")
