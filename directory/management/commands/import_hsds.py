"""Import an Open Referral HSDS 3.0 publication (data/directory/README.md, “HSDS”)."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.hsds.importing import hsds_import
from directory.importer import ImportFileError


class Command(BaseCommand):
    help = "Import an HSDS 3.0 publication: a JSON or ndjson file, a folder or a zip (idempotent, by UUID)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File (.json, .ndjson), folder or .zip")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing")
        parser.add_argument("--force", action="store_true", help="Re-apply records even when unchanged")
        parser.add_argument("--language", choices=["fr", "en"], default="fr", help="Language of the publication's text")
        parser.add_argument("--strict", action="store_true", help="Exit with an error when any record is rejected")

    def handle(self, *args, path: str, dry_run: bool, force: bool, language: str, strict: bool, **options):
        started = time.perf_counter()
        verbose = options["verbosity"] > 0

        def progress(done: int, total: int) -> None:
            if verbose and total >= 1000:
                width = 30
                filled = width * done // total
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
                if done == total:
                    sys.stderr.write("\n")

        try:
            report = hsds_import(Path(path), dry_run=dry_run, force=force, language=language, progress=progress)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for rejection in report.rejected:
            self.stderr.write(
                _("Rejected record #%(index)s (%(id)s):") % {"index": rejection.index, "id": rejection.slug or "?"}
            )
            for reason in rejection.reasons:
                self.stderr.write(f"  - {reason}")
        if options["verbosity"] > 1:
            for adjustment in report.adjusted:
                self.stdout.write(
                    _("Adjusted record #%(index)s (%(id)s):") % {"index": adjustment.index, "id": adjustment.slug}
                )
                for note in adjustment.notes:
                    self.stdout.write(f"  - {note}")
        if verbose:
            summary = _(
                "%(total)s records read: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected, %(adjusted)s adjusted (%(seconds).2f s)"
            ) % {
                "total": report.total,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
                "adjusted": len(report.adjusted),
                "seconds": time.perf_counter() - started,
            }
            self.stdout.write(_("Dry run, nothing saved: %(summary)s") % {"summary": summary} if dry_run else summary)
        if strict and report.rejected:
            raise CommandError(_("%(count)s record(s) rejected") % {"count": len(report.rejected)})
