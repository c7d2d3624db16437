"""Load the starter guides (data/guides/ by default). Idempotent; keeps staff edits unless --update."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guides.loading import guides_load


class Command(BaseCommand):
    help = "Load the starter guides from Markdown files (idempotent; staff edits are kept unless --update)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(settings.BASE_DIR / "data" / "guides"))
        parser.add_argument("--update", action="store_true", help="Overwrite guides that already exist")

    def handle(self, *args, folder: str, update: bool = False, **options):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder")
        report = guides_load(path, update=update)
        for line in report.rejected:
            self.stderr.write(f"rejected {line}")
        if report.unknown_clienteles:
            self.stderr.write(f"unknown clientèles (not linked): {', '.join(sorted(report.unknown_clienteles))}")
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                f"guides: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.kept)} kept as edited, {len(report.rejected)} rejected"
            )
