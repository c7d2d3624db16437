"""Remove every sample record before going live (pages/sample_removal.py); prints what was removed, per table."""

from django.core.management.base import BaseCommand, CommandError

from pages.sample_removal import SampleRemovalRefused, sample_data_remove


class Command(BaseCommand):
    help = "Remove the sample organisations, requests, time records, events and demo accounts; nothing real."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be removed, remove nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        try:
            report = sample_data_remove(dry_run=dry_run)
        except SampleRemovalRefused as exc:
            raise CommandError(f"Nothing removed:\n{exc}") from exc
        for label, count in sorted(report.counts.items()):
            self.stdout.write(f"{label}: {count}")
        verb = "would be removed (dry run)" if dry_run else "removed"
        self.stdout.write(f"{report.total} sample row(s) {verb}.")
