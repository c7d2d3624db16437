from django.core.management.base import BaseCommand

from referrals.reminders import listings_remind


class Command(BaseCommand):
    help = "Remind managers of listings not confirmed for N months (default LISTING_REMINDER_MONTHS, 6)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None)

    def handle(self, *args, months: int | None = None, **options):
        self.stdout.write(f"reminded: {listings_remind(months=months)}")
