"""Contact requests and guide reads leave an anonymous trace, and nothing personal reaches it."""

import pytest

from insights.models import ContactEvent, GuideReadEvent
from referrals.contact import request_create, request_set_status
from tests.fixtures.accounts import make_staff

pytestmark = pytest.mark.django_db


def _request(point, **extra):
    contact_request, created = request_create(
        service_at_location=point,
        idempotency_key=extra.pop("key", "k-1"),
        name="Marie Tremblay",
        phone="+14185550100",
        email="marie@example.org",
        preferred_language="fr",
        availability="mornings",
        message="Call me please",
        eligibility_answers=None,
        referred_by=None,
        **extra,
    )
    assert created
    return contact_request


def test_it_records_a_request_without_the_person(make_point):
    point = make_point(46.81, -71.21)
    contact_request = _request(point)
    event = ContactEvent.objects.get()
    assert (event.organization_id, event.status) == (contact_request.organization_id, "new")
    real_region = point.region_id if point.region_id in {f"{n:02d}" for n in range(1, 18)} else ""
    assert event.region_code == real_region  # the factory's fictional region is not one of the 17
    stored = " ".join(str(value) for value in ContactEvent.objects.values().first().values())
    for personal in ("Marie", "Tremblay", "5550100", "example.org", contact_request.reference):
        assert personal not in stored


def test_it_records_the_time_to_first_contact_once(make_point):
    point = make_point(46.81, -71.21)
    contact_request = _request(point)
    counsellor = make_staff(organization=point.service.organization)
    request_set_status(contact_request=contact_request, status="contacted", reason="", by=counsellor)
    first = ContactEvent.objects.get()
    assert first.status == "contacted" and first.delay == "day"
    request_set_status(contact_request=contact_request, status="in_service", reason="", by=counsellor)
    later = ContactEvent.objects.get()
    assert later.status == "in_service"
    assert later.delay == first.delay


def test_it_counts_a_guide_read(client, reference_data):
    before = GuideReadEvent.objects.count()
    assert client.get("/fr/guides/").status_code == 200
    from guides.models import Guide

    guide = Guide.objects.published().first()
    assert client.get(f"/fr/guides/{guide.slug}/").status_code == 200
    assert GuideReadEvent.objects.count() == before + 1
    client.get(f"/fr/guides/{guide.slug}/", HTTP_DNT="1")
    assert GuideReadEvent.objects.count() == before + 1


def test_it_records_nothing_for_a_request_sent_under_do_not_track(make_point):
    point = make_point(46.81, -71.21)
    contact_request = _request(point, record_event=False)
    assert contact_request.insights_token == ""
    counsellor = make_staff(organization=point.service.organization)
    request_set_status(contact_request=contact_request, status="contacted", reason="", by=counsellor)
    assert ContactEvent.objects.count() == 0


def test_it_honours_gpc_on_the_contact_form(client, make_point):
    from django.urls import reverse

    point = make_point(46.81, -71.21)
    page = client.get(reverse("referrals:request_new", args=[point.pk]))
    token = page.context["form"]["token"].value()
    data = {"token": token, "name": "Marie", "phone": "418 555 0100", "email": "", "preferred_language": "fr",
            "availability": "", "message": "", "consent": "on", "website": ""}  # fmt: skip
    response = client.post(reverse("referrals:request_new", args=[point.pk]), data, HTTP_SEC_GPC="1")
    assert response.status_code == 302, response.content[:2000]
    assert ContactEvent.objects.count() == 0


def test_it_unlinks_the_event_when_the_request_is_purged(make_point):
    from referrals.models import RequestAccessLog
    from referrals.privacy import request_erase

    point = make_point(46.81, -71.21)
    contact_request = _request(point)
    token = contact_request.insights_token
    assert ContactEvent.objects.get().token == token
    request_erase(contact_request=contact_request, action=RequestAccessLog.Action.PURGE)
    contact_request.refresh_from_db()
    assert contact_request.insights_token == ""
    assert ContactEvent.objects.get().token is None
    assert not ContactEvent.objects.filter(token=token).exists()
