"""manage.py load_geography [--postal-codes FILE] [--force]: load the bundled Québec geography (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geography.loading import MODELS, geography_load


class Command(BaseCommand):
    help = "Load the 17 regions, municipalities, FSAs, postal codes and place names from data/geography/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--postal-codes",
            type=Path,
            help="CSV (optionally .gz) with postal_code,place_name,latitude,longitude; default: POSTAL_CODES_FILE",
        )
        parser.add_argument("--data-dir", type=Path, help="Folder of the other geography files")
        parser.add_argument("--force", action="store_true", help="Reload even when the files have not changed")

    def handle(self, *args, postal_codes=None, data_dir=None, force=False, verbosity=1, **options):
        try:
            report = geography_load(data_dir=data_dir, postal_codes_file=postal_codes, force=force)
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{report.counts.get(name, 0)} {name.replace('_', ' ')}" for name in MODELS)
        if report.skipped:
            if verbosity:
                self.stdout.write(f"Geography unchanged ({counts}); nothing to do ({report.seconds:.2f} s).")
            return
        if verbosity:
            self.stdout.write(f"Loaded {counts} in {report.seconds:.1f} s.")
            for note in report.notes:
                self.stdout.write(f"  note: {note}")
            if report.rejected:
                self.stdout.write(f"Rejected {len(report.rejected)} rows:")
                for rejected in report.rejected[: None if verbosity > 1 else 30]:
                    self.stdout.write(f"  {rejected}")
                if verbosity < 2 and len(report.rejected) > 30:
                    self.stdout.write(f"  … and {len(report.rejected) - 30} more (run with -v 2 to see them all)")
