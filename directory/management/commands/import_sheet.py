"""Import the network's spreadsheet (XLSX or CSV, the admin's template) from the command line: the same checks,
report and writes as the admin's upload (directory/spreadsheet.py)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.spreadsheet import SheetFileError, sheet_import, sheet_read


class Command(BaseCommand):
    help = "Import service points from the spreadsheet template (idempotent; --dry-run checks only)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX or CSV file following the template (admin: Import the spreadsheet)")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing")

    def handle(self, *args, file: str, dry_run: bool, **options):
        from referrals.claims import claimed_slugs

        started = time.perf_counter()
        path = Path(file)
        try:
            report = sheet_import(sheet_read(path.read_bytes(), path.name), dry_run=dry_run, protected=claimed_slugs())
        except (OSError, SheetFileError) as exc:
            raise CommandError(str(exc)) from exc
        for rejection in report.rejected:
            self.stderr.write(f"Row {rejection.index} ({rejection.slug or '?'}): " + "; ".join(rejection.reasons))
        if options["verbosity"]:
            self.stdout.write(
                f"{report.total} rows: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
                f"{' (dry run, nothing saved)' if dry_run else ''} in {time.perf_counter() - started:.2f} s"
            )
