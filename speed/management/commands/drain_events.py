from django.core.management.base import BaseCommand

from speed.events import drain


class Command(BaseCommand):
    help = "Write the anonymous events queued in Redis into the database (the task worker does it every few seconds)."

    def handle(self, *args, **options):
        self.stdout.write(f"{drain()} events written")
