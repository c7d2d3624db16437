from django.core.management.base import BaseCommand

from outbox.mail import mails_purge_bodies
from ratelimits.limits import ratelimit_prune
from referrals.privacy import requests_purge, retention_days


class Command(BaseCommand):
    help = (
        "Erase the personal data of requests closed more than REQUEST_RETENTION_DAYS days ago (default 90) and of "
        "every request created more than REQUEST_MAX_AGE_MONTHS months ago (default 12), and sent mail bodies."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help=f"Override the period (default {retention_days()})")
        parser.add_argument("--months", type=int, default=None, help="Override the maximum age in months")

    def handle(self, *args, days: int | None = None, months: int | None = None, **options):
        self.stdout.write(f"purged: {requests_purge(days=days, months=months)}")
        self.stdout.write(f"mail bodies blanked: {mails_purge_bodies()}")
        # Rate-limit counters hold hashed addresses; they are useless after a day.
        ratelimit_prune()
