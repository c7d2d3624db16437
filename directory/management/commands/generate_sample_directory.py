"""Write the fictional sample directory (data/directory/sample_directory.json) from the bundled geography."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.sample import SAMPLE_PATH, sample_directory_build


class Command(BaseCommand):
    help = "Generate the fictional sample directory file (deterministic for a given seed)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(SAMPLE_PATH), help="Where to write the JSON file")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, output: str, seed: int, **options):
        data = sample_directory_build(seed=seed)
        Path(output).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        orgs = data["organizations"]
        locations = sum(len(o["locations"]) for o in orgs)
        points = sum(len(o["service_at_locations"]) for o in orgs)
        if options["verbosity"]:
            self.stdout.write(
                _("%(path)s: %(orgs)s organisations, %(locations)s locations, %(points)s service points")
                % {"path": output, "orgs": len(orgs), "locations": locations, "points": points}
            )
