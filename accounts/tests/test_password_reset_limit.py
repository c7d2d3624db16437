"""Finding 7 of the production probe: password-reset requests were not rate-limited (anyone could flood a staff
member's mailbox or the outbox). Per address and per e-mail, both shared by every app server."""

from django.core import mail
from django.urls import reverse

from outbox.models import OutgoingMail


def test_it_limits_password_reset_requests_per_client_address(client, manager_a, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 3
    url = reverse("accounts:password_reset")
    for n in range(3):
        assert client.post(url, {"email": f"nobody{n}@example.org"}, REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = client.post(url, {"email": manager_a.email}, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert client.post(url, {"email": manager_a.email}, REMOTE_ADDR="203.0.113.6").status_code == 302


def test_it_sends_at_most_a_few_reset_mails_to_one_person(
    client, manager_a, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_EMAIL_LIMIT = 2
    url = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            # Different addresses: the per-person limit still holds, and the page never tells (no enumeration).
            assert client.post(url, {"email": manager_a.email}, REMOTE_ADDR=f"203.0.113.{n + 10}").status_code == 302
    assert OutgoingMail.objects.filter(kind="password_reset").count() == 2
    assert len(mail.outbox) == 2
