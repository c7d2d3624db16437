"""Write the directory (or one region, or one organisation) as an Open Referral HSDS 3.0 publication."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.hsds import files, tabular
from directory.hsds.export import organizations_stream, taxonomy_object
from directory.hsds.profile import TAXONOMIES


class Command(BaseCommand):
    help = "Export the directory as HSDS 3.0 (data/directory/README.md, “HSDS”)."

    def add_arguments(self, parser):
        parser.add_argument(
            "out", help="Where to write: a file (- for standard output); a folder or a .zip for datapackage"
        )
        parser.add_argument("--format", choices=["json", "ndjson", "datapackage"], default="json")
        parser.add_argument("--language", choices=["fr", "en"], default="fr", help="HSDS text is single-language")
        parser.add_argument("--region", help="Only organisations with a location in this region (code 01…17)")
        parser.add_argument("--organization", help="Only this organisation (UUID or slug)")

    def handle(self, *args, out: str, format: str, language: str, region, organization, **options):
        records = organizations_stream(language, region=region, organization=organization)
        if format == "datapackage":
            try:
                taxonomies = [taxonomy_object(t, language) for t in TAXONOMIES]
                count = tabular.write_package(records, Path(out), taxonomies)
            except OSError as exc:
                raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": out, "error": exc}) from exc
        elif out == "-":
            count = files.write(records, sys.stdout, format)
        else:
            try:
                with Path(out).open("w", encoding="utf-8") as handle:
                    count = files.write(records, handle, format)
            except OSError as exc:
                raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": out, "error": exc}) from exc
        if options["verbosity"] and out != "-":
            self.stderr.write(_("%(path)s: %(count)s organisations exported") % {"path": out, "count": count})
