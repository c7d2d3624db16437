"""Every staff URL: a user of centre A can neither see nor change anything of centre B; anonymous users see nothing."""

import pytest
from django.urls import reverse

from tests.fixtures.referrals import make_request

# (url name, which object of centre B it takes, method, POST data)
OBJECT_URLS = [
    ("referrals:detail", "request", "get", None),
    ("referrals:change_status", "request", "post", {"status": "closed", "reason": ""}),
    ("referrals:assign", "request", "post", {"assignee": ""}),
    ("referrals:add_note", "request", "post", {"text": "intrusion"}),
    ("referrals:transfer", "request", "post", {"organization": "", "person_agreed": "on"}),
    ("referrals:organization_edit", "organization", "get", None),
    ("referrals:organization_edit", "organization", "post", {"email": "x@example.org"}),
    ("referrals:listing_confirm", "organization", "post", {}),
    ("referrals:service_edit", "service", "get", None),
    ("referrals:service_edit", "service", "post", {"name_fr": "Piraté"}),
    ("referrals:location_edit", "location", "get", None),
    ("referrals:location_edit", "location", "post", {"name_fr": "Piraté"}),
]
PLAIN_URLS = ["referrals:inbox", "referrals:network", "referrals:listing", "accounts:invite"]


def _target(kind, request_b, centre_b):
    return {
        "request": request_b,
        "organization": centre_b.service.organization,
        "service": centre_b.service,
        "location": centre_b.location,
    }[kind]


def _snapshot(request_b, centre_b):
    request_b.refresh_from_db()
    service = centre_b.service
    service.refresh_from_db()
    location = centre_b.location
    location.refresh_from_db()
    organization = service.organization
    organization.refresh_from_db()
    return (
        request_b.status,
        request_b.organization_id,
        request_b.assigned_to_id,
        request_b.notes.count(),
        service.name_fr,
        service.assured_date,
        location.name_fr,
        organization.email,
    )


@pytest.mark.parametrize(("name", "kind", "method", "data"), OBJECT_URLS)
@pytest.mark.parametrize("persona", ["counsellor_a", "manager_a"])
def test_it_hides_centre_b_from_centre_a(
    request, staff_client, persona, name, kind, method, data, request_b, centre_a, centre_b
):
    user = request.getfixturevalue(persona)
    client = staff_client(user)
    if data is not None and "organization" in data:
        data = {**data, "organization": str(centre_a.service.organization_id)}
    before = _snapshot(request_b, centre_b)
    url = reverse(name, args=[_target(kind, request_b, centre_b).pk])
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == 404
    assert _snapshot(request_b, centre_b) == before
    assert "Bob Gagnon" not in response.content.decode()


@pytest.mark.parametrize(("name", "kind", "method", "data"), OBJECT_URLS)
def test_it_sends_anonymous_users_to_the_login(client, name, kind, method, data, request_b, centre_b):
    before = _snapshot(request_b, centre_b)
    url = reverse(name, args=[_target(kind, request_b, centre_b).pk])
    response = client.get(url) if method == "get" else client.post(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert _snapshot(request_b, centre_b) == before


@pytest.mark.parametrize("name", PLAIN_URLS)
def test_it_sends_anonymous_users_to_the_login_from_every_page(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "kind", "method", "data"), OBJECT_URLS)
def test_it_asks_for_the_second_factor_before_anything(
    client, counsellor_b, name, kind, method, data, request_b, centre_b
):
    client.force_login(counsellor_b, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(name, args=[_target(kind, request_b, centre_b).pk])
    response = client.get(url) if method == "get" else client.post(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_it_lists_only_the_centres_own_requests(staff_client, counsellor_a, request_a, request_b):
    body = staff_client(counsellor_a).get(reverse("referrals:inbox")).content.decode()
    assert request_a.reference in body
    assert request_b.reference not in body


def test_it_shows_a_manager_only_their_own_listing(staff_client, manager_a, centre_a, centre_b):
    body = staff_client(manager_a).get(reverse("referrals:listing")).content.decode()
    assert centre_a.service.organization.name in body
    assert centre_b.service.organization.name not in body


def test_it_keeps_counsellors_out_of_listing_edits(staff_client, counsellor_a, centre_a):
    client = staff_client(counsellor_a)
    assert client.get(reverse("referrals:service_edit", args=[centre_a.service.pk])).status_code == 404
    assert client.post(reverse("referrals:listing_confirm", args=[centre_a.service.organization_id])).status_code == 404


def test_it_shows_network_admins_counts_not_people(staff_client, network_admin, request_a, request_b):
    client = staff_client(network_admin)
    response = client.get(reverse("referrals:network"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Centre A" in body and "Centre B" in body
    assert "Jeanne" not in body and request_a.reference not in body
    assert client.get(reverse("referrals:detail", args=[request_a.pk])).status_code == 404
    assert client.get(reverse("referrals:inbox")).status_code == 302


def test_it_refuses_network_counts_to_centre_staff(staff_client, manager_a):
    assert staff_client(manager_a).get(reverse("referrals:network")).status_code == 403


def test_it_refuses_a_request_moved_away_by_transfer(staff_client, counsellor_a, centre_a, centre_b):
    moved = make_request(centre_a)
    client = staff_client(counsellor_a)
    response = client.post(
        reverse("referrals:transfer", args=[moved.pk]),
        {"organization": str(centre_b.service.organization_id), "person_agreed": "on"},
    )
    assert response.status_code == 302
    assert client.get(reverse("referrals:detail", args=[moved.pk])).status_code == 404
