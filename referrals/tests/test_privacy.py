import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingMail
from referrals.models import ContactRequest, RequestAccessLog, RequestNote
from tests.fixtures.referrals import make_request


def test_it_purges_closed_requests_after_the_retention_period(centre_a, counsellor_a, settings):
    settings.REQUEST_RETENTION_DAYS = 30
    now = timezone.now()
    old = make_request(centre_a, status="closed", closed_at=now - timedelta(days=31))
    recent = make_request(centre_a, status="refused", closed_at=now - timedelta(days=29))
    still_open = make_request(centre_a, status="contacted")
    RequestNote.objects.create(contact_request=old, author=counsellor_a, text="Notes personnelles")
    OutgoingMail.objects.create(to=old.email, subject="s", body="b", kind="acknowledgement", contact_request=old)
    call_command("purge_personal_data")
    old.refresh_from_db()
    assert (old.name, old.phone, old.email, old.message, old.availability) == ("", "", "", "", "")
    assert old.purged_at is not None and old.reference
    assert not old.notes.exists() and not old.mails.exists()
    assert RequestAccessLog.objects.filter(contact_request=old, action="purge").exists()
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.name == "Jeanne Tremblay" and kept.purged_at is None


def test_it_shows_a_purged_request_without_personal_data(staff_client, counsellor_a, centre_a):
    purged = make_request(centre_a, status="closed", closed_at=timezone.now() - timedelta(days=400))
    call_command("purge_personal_data")
    body = staff_client(counsellor_a).get(reverse("referrals:detail", args=[purged.pk])).content.decode()
    assert purged.reference in body and "Jeanne" not in body


def test_it_mails_a_copy_of_the_data_to_the_address_on_file_only(client, request_a, django_capture_on_commit_callbacks):
    url = reverse("referrals:privacy_request")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "reference": request_a.reference.lower().replace("-", " "),
                "contact": "JEANNE@example.net",
                "wants": "access",
            },
        )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["jeanne@example.net"]]
    assert "Jeanne Tremblay" in mail.outbox[0].body
    assert RequestAccessLog.objects.filter(action="person_access").exists()


def test_it_gives_the_same_answer_for_a_wrong_contact(client, request_a):
    url = reverse("referrals:privacy_request")
    right = client.post(url, {"reference": request_a.reference, "contact": "jeanne@example.net", "wants": "access"})
    wrong = client.post(url, {"reference": request_a.reference, "contact": "intrus@example.net", "wants": "access"})
    assert right.content == wrong.content
    assert len(OutgoingMail.objects.filter(kind="person_access")) == 1


def test_it_matches_by_phone_number_too(db, request_a):
    from referrals.privacy import person_find

    assert person_find(reference=request_a.reference, contact="(418) 555-0199") == request_a
    assert person_find(reference=request_a.reference, contact="418 555-0000") is None


def test_it_deletes_the_data_after_confirmation_by_email(client, request_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("referrals:privacy_request"),
            {"reference": request_a.reference, "contact": "jeanne@example.net", "wants": "delete"},
        )
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = link.split("8000", 1)[-1]
    anonymous = Client()
    assert anonymous.get(path).status_code == 200
    request_a.refresh_from_db()
    assert request_a.name  # nothing deleted before the confirmation
    assert anonymous.post(path).status_code == 200
    request_a.refresh_from_db()
    assert request_a.name == "" and request_a.purged_at is not None
    assert anonymous.get(path).status_code == 404


def test_it_keeps_counts_after_the_purge(staff_client, network_admin, centre_a):
    make_request(centre_a, status="closed", closed_at=timezone.now() - timedelta(days=400))
    call_command("purge_personal_data")
    body = staff_client(network_admin).get(reverse("referrals:network")).content.decode()
    assert "Centre A" in body
    assert ContactRequest.objects.count() == 1


def test_it_prunes_old_rate_limit_counters(db):
    from ratelimits.models import RateLimitBucket

    RateLimitBucket.objects.create(key="k", window_start=timezone.now() - timedelta(days=2), count=3)
    call_command("purge_personal_data")
    assert not RateLimitBucket.objects.exists()


def test_the_purge_task_runs(centre_a):
    from referrals.tasks import purge_personal_data

    make_request(centre_a, status="closed", closed_at=timezone.now() - timedelta(days=400))
    assert purge_personal_data.enqueue().return_value == 1
