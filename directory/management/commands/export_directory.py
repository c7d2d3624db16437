"""Write the directory (or part of it) in the import format."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.export import directory_export, organizations_for_export


class Command(BaseCommand):
    help = "Export organisations in the import format (data/directory/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON file")
        parser.add_argument("--without-samples", action="store_true", help="Leave out sample and generated data")

    def handle(self, *args, file: str, without_samples: bool, **options):
        organizations = organizations_for_export()
        if without_samples:
            organizations = organizations.filter(is_sample=False)
        data = directory_export(organizations)
        Path(file).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if options["verbosity"]:
            self.stdout.write(
                _("%(path)s: %(count)s organisations exported") % {"path": file, "count": len(data["organizations"])}
            )
