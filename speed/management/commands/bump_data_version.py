from django.core.management.base import BaseCommand

from speed.version import bump


class Command(BaseCommand):
    help = "Retire every cached page (after changing the data outside Django: psql, a restore)."

    def handle(self, *args, **options):
        self.stdout.write("data version bumped" if bump() else "cache unreachable: not bumped")
