"""manage.py load_rules FILE [--update] [--check]: validate a rule file, report every problem, load idempotently."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eligibility.loading import rules_load
from eligibility.rulefile import RuleFileError, read_rule_file


class Command(BaseCommand):
    help = "Load eligibility rule sets (and mandates) from a JSON rule file; see data/eligibility/rules.schema.json."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--update", action="store_true", help="Overwrite rules that differ from the file (default: keep them)"
        )
        parser.add_argument("--check", action="store_true", help="Only validate the file; load nothing")

    def handle(self, *args, file: Path, update: bool = False, check: bool = False, **options):
        try:
            parsed = read_rule_file(file)
            if check:
                self.stdout.write(f"{file}: valid ({sum(len(rs.rules) for rs in parsed.rule_sets)} rules).")
                return
            report = rules_load(parsed=parsed, update=update)
        except RuleFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(f"{file}: {len(exc.problems)} problem(s); nothing was loaded.") from exc
        if report.skipped and options.get("verbosity", 1) >= 1:
            self.stdout.write(f"{len(report.skipped)} mandate(s) skipped:")
            for note in report.skipped[:10] if options.get("verbosity", 1) < 2 else report.skipped:
                self.stdout.write(f"  - {note}")
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                f"{file}: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"
                + ("" if update else " (use --update to overwrite edits)")
                + "."
            )
