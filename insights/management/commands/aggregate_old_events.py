import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from insights.folding import events_fold


class Command(BaseCommand):
    help = "Fold anonymous events older than the retention period into monthly counts and delete them."

    def add_arguments(self, parser):
        default = int(getattr(settings, "INSIGHTS_RETENTION_DAYS", 400))
        parser.add_argument("--days", type=int, default=default, help=f"Keep this many days of events ({default})")

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        cutoff = timezone.localdate() - dt.timedelta(days=days)
        result = events_fold(cutoff=cutoff)
        self.stdout.write(
            f"Folded events before {cutoff}: {result['searches']} searches, {result['contacts']} contact requests, "
            f"{result['guide_reads']} guide reads into {result['cells']} monthly cells."
        )
