"""Import a directory file (data/directory/README.md): check every organisation, save the valid ones, report."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            self.stderr.write(
                _("Rejected organisation #%(index)s “%(slug)s”:")
                % {"index": rejection.index, "slug": rejection.slug or "?"}
            )
            for reason in rejection.reasons:
                self.stderr.write(f"  - {reason}")
        if options["verbosity"]:
            summary = _(
                "%(total)s organisations read: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected (%(seconds).2f s)"
            ) % {
                "total": report.total,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
                "seconds": elapsed,
            }
            self.stdout.write(_("Dry run, nothing saved: %(summary)s") % {"summary": summary} if dry_run else summary)
        if strict and report.rejected:
            raise CommandError(_("%(count)s organisation(s) rejected") % {"count": len(report.rejected)})
