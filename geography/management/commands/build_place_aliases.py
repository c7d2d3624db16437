"""Recompute the points of data/geography/qc_place_aliases.csv from the bundled postal codes (see SOURCES.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from geography.aliases import build
from geography.loading import ALIASES_CSV, FSAS_CSV, MUNICIPALITIES_CSV, default_data_dir
from geography.reading import read_fsas, read_municipalities


class Command(BaseCommand):
    help = "Recompute each place alias's point, number of postal codes and region from the bundled files."

    def handle(self, *args, **options):
        data_dir = default_data_dir()
        regions = {f"{n:02d}" for n in range(1, 18)}
        municipalities = read_municipalities(data_dir / MUNICIPALITIES_CSV, regions).rows
        fsas = read_fsas(data_dir / FSAS_CSV, regions).rows
        problems = build(data_dir / ALIASES_CSV, Path(settings.POSTAL_CODES_FILE), municipalities, fsas)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} aliases could not be placed")
        self.stdout.write(f"{ALIASES_CSV}: points rebuilt")
