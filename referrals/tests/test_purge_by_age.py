"""Finding 6 of the production probe: the purge erased only requests closed more than 90 days ago, so a request
never closed kept its personal data for ever. Now requests are also erased by age from creation (REQUEST_MAX_AGE_MONTHS,
default 12), whatever their status, and the privacy page and the form say so."""

from datetime import datetime, timedelta

from django.core.management import call_command
from django.utils import timezone

from referrals.models import ContactRequest
from referrals.privacy import months_before
from tests.fixtures.referrals import make_request


def _created(contact_request, when):
    ContactRequest.objects.filter(pk=contact_request.pk).update(created_at=when)


def test_it_purges_requests_never_closed_once_they_are_twelve_months_old(centre_a, settings):
    now = timezone.now()
    forgotten = make_request(centre_a, status="new")
    _created(forgotten, now - timedelta(days=370))
    in_service = make_request(centre_a, status="in_service")
    _created(in_service, now - timedelta(days=400))
    young = make_request(centre_a, status="contacted")
    _created(young, now - timedelta(days=330))
    call_command("purge_personal_data")
    for purged in (forgotten, in_service):
        purged.refresh_from_db()
        assert purged.purged_at is not None and purged.name == "" and purged.phone == ""
    young.refresh_from_db()
    assert young.purged_at is None and young.name == "Jeanne Tremblay"


def test_it_reads_the_maximum_age_from_the_settings(centre_a, settings):
    settings.REQUEST_MAX_AGE_MONTHS = 3
    request = make_request(centre_a, status="new")
    _created(request, timezone.now() - timedelta(days=100))
    call_command("purge_personal_data")
    request.refresh_from_db()
    assert request.purged_at is not None


def test_it_counts_calendar_months():
    tz = timezone.get_current_timezone()
    assert months_before(datetime(2026, 3, 31, tzinfo=tz), 1) == datetime(2026, 2, 28, tzinfo=tz)
    assert months_before(datetime(2026, 12, 6, tzinfo=tz), 12) == datetime(2025, 12, 6, tzinfo=tz)


def test_it_says_so_on_the_privacy_page(client, db):
    assert "12 mois" in client.get("/fr/privacy/").content.decode()
    assert "12 months" in client.get("/en/privacy/").content.decode()
