"""Finding 7 of the production probe: the outbox kept password-reset and invitation e-mails, with live links, for
ever. Bodies and recipients are blanked SENT_MAIL_KEEP_DAYS (3) days after delivery."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from outbox.models import OutgoingMail


def _mail(status, *, sent_days_ago=None, created_days_ago=0):
    now = timezone.now()
    mail = OutgoingMail.objects.create(
        to="person@example.org",
        subject="Réinitialiser",
        body="https://example.org/fr/accounts/password/reset/MQ/live-token/",
        kind="password_reset",
        status=status,
        sent_at=None if sent_days_ago is None else now - timedelta(days=sent_days_ago),
    )
    OutgoingMail.objects.filter(pk=mail.pk).update(created_at=now - timedelta(days=created_days_ago))
    return mail


def test_it_blanks_sent_mail_bodies_a_few_days_after_delivery(db):
    old = _mail("sent", sent_days_ago=4, created_days_ago=4)
    recent = _mail("sent", sent_days_ago=1, created_days_ago=1)
    given_up = _mail("failed", created_days_ago=10)
    waiting = _mail("pending", created_days_ago=10)
    call_command("purge_personal_data")
    for mail in (old, given_up):
        mail.refresh_from_db()
        assert (mail.body, mail.to) == ("", "")
        assert mail.kind == "password_reset"
    for mail in (recent, waiting):
        mail.refresh_from_db()
        assert "live-token" in mail.body
