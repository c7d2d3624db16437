"""Findings 5 and 7 of the production probe: an invalid POST on a request page showed the person's data without an
access-log entry, and pages with personal data could be kept by a browser or shared cache."""

import pytest
from django.urls import reverse

from referrals.models import RequestAccessLog

INVALID_POSTS = [
    ("referrals:change_status", {"status": "not_reached", "reason": ""}),
    ("referrals:assign", {"assignee": "999999"}),
    ("referrals:add_note", {"text": ""}),
    ("referrals:transfer", {"organization": "999999"}),
]


@pytest.mark.parametrize(("name", "data"), INVALID_POSTS)
def test_it_logs_the_render_of_personal_data_after_an_invalid_post(staff_client, counsellor_a, request_a, name, data):
    response = staff_client(counsellor_a).post(reverse(name, args=[request_a.pk]), data)
    assert response.status_code == 400
    assert "Jeanne Tremblay" in response.content.decode()
    log = RequestAccessLog.objects.get(contact_request=request_a, action="view")
    assert log.user == counsellor_a


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_it_forbids_caching_staff_pages(staff_client, counsellor_a, request_a):
    client = staff_client(counsellor_a)
    assert _no_store(client.get(reverse("referrals:detail", args=[request_a.pk])))
    assert _no_store(client.get(reverse("referrals:inbox")))
    assert _no_store(client.post(reverse("referrals:add_note", args=[request_a.pk]), {"text": ""}))


def test_it_forbids_caching_the_public_pages_that_hold_what_a_person_typed(client, centre_a):
    url = reverse("referrals:request_new", args=[centre_a.pk])
    assert _no_store(client.get(url))
    assert _no_store(client.post(url, {"name": "Jeanne", "phone": "418 555-0199"}))  # invalid: re-shown
    assert _no_store(client.get(reverse("referrals:privacy_request")))


def test_it_lets_public_pages_without_personal_data_be_cached(client, db):
    assert not _no_store(client.get("/fr/"))
