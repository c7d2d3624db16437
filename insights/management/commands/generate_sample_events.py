from django.core.management.base import BaseCommand

from insights.models import SearchEvent
from insights.sample import sample_events_generate


class Command(BaseCommand):
    help = "Generate a year of anonymous sample events (is_sample=True); does nothing if sample events exist."

    def add_arguments(self, parser):
        parser.add_argument("--searches", type=int, default=24_000, help="How many sample searches (24,000)")
        parser.add_argument("--no-impressions", action="store_true", help="Skip the per-centre impressions")

    def handle(self, *args, searches: int, no_impressions: bool, **options):
        if SearchEvent.objects.filter(is_sample=True).exists():
            self.stdout.write("Sample events already present: nothing to do.")
            return
        totals = sample_events_generate(searches=max(0, searches), impressions=not no_impressions)
        self.stdout.write(
            f"Generated {totals['searches']} searches, {totals['impressions']} impressions and "
            f"{totals['contacts']} contact requests (sample)."
        )
