"""Invite again, daily, the imported organisations that have not claimed their listing (see referrals/claims.py)."""

from django.core.management.base import BaseCommand

from referrals.claims import claims_remind


class Command(BaseCommand):
    help = "Send a new invitation to organisations invited long ago that nobody has claimed yet."

    def handle(self, *args, **options):
        count = claims_remind()
        if options["verbosity"]:
            self.stdout.write(f"{count} organisation(s) reminded")
