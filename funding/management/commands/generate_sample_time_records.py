from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.models import Organization
from funding.sample import sample_time_records_generate


class Command(BaseCommand):
    help = "Give the sample centres a plausible year of time records, funding parameters and consents (idempotent)."

    def handle(self, *args, **options):
        if not Organization.objects.filter(is_sample=True).exists():
            self.stdout.write("No sample organisation: nothing to do (load the sample directory first).")
            return
        filled, created = sample_time_records_generate(timezone.localdate())
        self.stdout.write(f"Sample time records: {created} created for {filled} centres (others already had theirs).")
