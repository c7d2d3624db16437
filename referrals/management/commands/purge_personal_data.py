from django.core.management.base import BaseCommand

from referrals.privacy import requests_purge, retention_days
from referrals.ratelimit import ratelimit_prune


class Command(BaseCommand):
    help = "Erase the personal data of requests closed more than REQUEST_RETENTION_DAYS days ago (default 90)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help=f"Override the period (default {retention_days()})")

    def handle(self, *args, days: int | None = None, **options):
        self.stdout.write(f"purged: {requests_purge(days=days)}")
        # Rate-limit counters hold hashed addresses; they are useless after a day.
        ratelimit_prune()
