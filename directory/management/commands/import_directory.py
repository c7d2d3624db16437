"""Import a directory file (data/directory/README.md): check every organisation, save the valid ones, report."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.importer import ImportFileError, directory_import, import_file_read


class Command(BaseCommand):
    help = "Import organisations, services and service points from a JSON directory file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Directory JSON file (see data/directory/README.md)")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing")
        parser.add_argument("--force", action="store_true", help="Re-apply records even when unchanged")
        parser.add_argument("--strict", action="store_true", help="Exit with an error when any record is rejected")

    def handle(self, *args, file: str, dry_run: bool, force: bool, strict: bool, **options):
        started = time.perf_counter()
        try:
            report = directory_import(import_file_read(Path(file)), dry_run=dry_run, force=force)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for rejection in report.rejected:
            self.stderr.write(f"Rejected organisation #{rejection.index} “{rejection.slug or '?'}”:")
            for reason in rejection.reasons:
                self.stderr.write(f"  - {reason}")
        if options["verbosity"]:
            prefix = "Dry run (nothing saved): " if dry_run else ""
            self.stdout.write(
                f"{prefix}{report.total} organisations read: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.rejected)} rejected ({elapsed:.2f} s)"
            )
        if strict and report.rejected:
            raise CommandError(f"{len(report.rejected)} organisation(s) rejected")
