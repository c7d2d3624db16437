from django.core.management.base import BaseCommand

from referrals.reminders import requests_remind


class Command(BaseCommand):
    help = "Remind centres of new contact requests left untouched for REQUEST_REMINDER_WORKING_DAYS working days."

    def handle(self, *args, **options):
        self.stdout.write(f"reminded: {requests_remind()}")
