from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from referrals.sample import sample_requests_create


class Command(BaseCommand):
    help = "Create a few fictional contact requests for the sample organisations (idempotent; refused in production)."

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Refusing to create sample requests when PRODUCTION=True.")
        created = sample_requests_create()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"sample requests created: {created}")
