from django.core.management.base import BaseCommand

from outbox.mail import mails_send_pending


class Command(BaseCommand):
    help = "Try again every e-mail still waiting in the outbox (after a mail outage, for example)."

    def add_arguments(self, parser):
        parser.add_argument("--include-failed", action="store_true", help="Also retry mails that ran out of attempts")

    def handle(self, *args, include_failed: bool = False, **options):
        counts = mails_send_pending(include_failed=include_failed)
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in sorted(counts.items())))
