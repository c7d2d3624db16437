"""Load the clientèles and kinds of service from data/directory/taxonomy.json (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.taxonomy import TAXONOMY_PATH, TaxonomyError, taxonomy_load, taxonomy_read


class Command(BaseCommand):
    help = "Load the clientèles (target groups) and kinds of employment services (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(TAXONOMY_PATH), help="Taxonomy JSON file")

    def handle(self, *args, file: str, **options):
        try:
            report = taxonomy_load(taxonomy_read(Path(file)))
        except TaxonomyError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                _("Taxonomy: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
            )
