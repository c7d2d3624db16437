"""A mail outage never loses or blocks a request: the outbox keeps it and retries with backoff."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from outbox.mail import backoff, mail_deliver, mail_queue
from outbox.models import OutgoingMail
from referrals.models import ContactRequest


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def mail_down(settings):
    settings.MAILERS = {"default": {"BACKEND": "outbox.tests.test_mail.FailingBackend"}}


def test_it_stores_the_request_when_the_mail_server_is_down(
    client, centre_a, counsellor_a, mail_down, django_capture_on_commit_callbacks
):
    url = reverse("referrals:request_new", args=[centre_a.pk])
    token = client.get(url).context["form"].initial["token"]
    data = {
        "token": token,
        "name": "Jeanne",
        "email": "jeanne@example.net",
        "preferred_language": "fr",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert ContactRequest.objects.count() == 1
    mails = OutgoingMail.objects.all()
    assert len(mails) == 2
    for outgoing in mails:
        assert outgoing.status == "pending"
        assert outgoing.attempts == 1
        assert "mail server down" in outgoing.last_error
        assert outgoing.next_attempt_at > timezone.now()


def test_it_sends_pending_mail_once_the_server_is_back(db, settings, mail_down):
    outgoing = mail_queue(to="a@example.org", subject="s", body="b", kind="test")
    assert mail_deliver(mail_id=outgoing.pk) == "pending"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_pending_mail")  # not due yet: nothing happens
    assert OutgoingMail.objects.get().status == "pending"
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_pending_mail")
    outgoing.refresh_from_db()
    assert outgoing.status == "sent" and outgoing.attempts == 2
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_maximum_attempts(db, settings, mail_down):
    settings.MAIL_MAX_ATTEMPTS = 3
    outgoing = mail_queue(to="a@example.org", subject="s", body="b", kind="test")
    for _ in range(3):
        mail_deliver(mail_id=outgoing.pk, requeue=False)
    outgoing.refresh_from_db()
    assert outgoing.status == "failed" and outgoing.attempts == 3
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_pending_mail")
    assert OutgoingMail.objects.get().status == "failed"
    call_command("send_pending_mail", "--include-failed")
    assert OutgoingMail.objects.get().status == "sent"


def test_it_never_sends_a_mail_twice(db):
    outgoing = mail_queue(to="a@example.org", subject="s", body="b", kind="test")
    mail_deliver(mail_id=outgoing.pk)
    mail_deliver(mail_id=outgoing.pk)
    assert len(mail.outbox) == 1


def test_it_re_enqueues_with_backoff_when_the_backend_can_defer(
    db, mail_down, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr("outbox.mail._backend_can_defer", lambda: True)
    monkeypatch.setattr("outbox.mail._enqueue", lambda mail_id, run_after=None: calls.append((mail_id, run_after)))
    outgoing = mail_queue(to="a@example.org", subject="s", body="b", kind="test")
    with django_capture_on_commit_callbacks(execute=True):
        mail_deliver(mail_id=outgoing.pk)
    assert calls and calls[-1][0] == outgoing.pk and calls[-1][1] > timezone.now()


def test_backoff_grows_and_is_capped():
    assert backoff(1) < backoff(2) < backoff(3)
    assert backoff(50) == timedelta(hours=6)
