"""Load everything a fresh install needs to show something real: geography, the sample directory, the illustrative
eligibility rules, the starter guides and, unless --reference-only, sample staff, time records and events.

Idempotent: each step is itself idempotent, so running it twice changes nothing.
"""

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# (command, args) in order; a step whose command does not exist (yet) is skipped with a note.
REFERENCE_STEPS = [
    ("load_geography", []),
    ("load_taxonomy", []),
    ("import_directory", [str(settings.BASE_DIR / "data" / "directory" / "sample_directory.json")]),
    ("load_rules", [str(settings.BASE_DIR / "data" / "eligibility" / "rules_illustrative.json")]),
    ("load_guides", []),
]
DEMO_STEPS = [
    ("create_sample_staff", []),
    ("generate_sample_requests", []),
    ("generate_sample_time_records", []),
    ("generate_sample_events", []),
]


class Command(BaseCommand):
    help = "Load the geography, the sample directory and the other sample data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--reference-only", action="store_true", help="Skip demo accounts, records and events")

    def handle(self, *args, reference_only: bool = False, **options):
        available = get_commands()
        steps = REFERENCE_STEPS + ([] if reference_only else DEMO_STEPS)
        for name, step_args in steps:
            if name not in available:
                self.stdout.write(f"- {name}: not available, skipped")
                continue
            self.stdout.write(f"- {name}")
            call_command(name, *step_args, verbosity=options.get("verbosity", 1))
