"""A centre's staff can neither read nor write another centre's records, on every funding URL."""

import datetime

import pytest
from django.urls import reverse

from funding.models import FundingParameters, ReportingPeriod, TimeRecord
from tests.fixtures.accounts import verified_login
from tests.fixtures.funding import make_parameters, make_record, make_staff

pytestmark = pytest.mark.django_db
CENTRE_URLS = [
    "funding:week",
    "funding:week_copy",
    "funding:records",
    "funding:import",
    "funding:periods",
    "funding:followups",
    "funding:parameters",
    "funding:consent",
    "funding:report",
    "funding:report_csv",
    "funding:report_xlsx",
]


@pytest.fixture
def victim(other_centre, other_manager):
    record = make_record(other_centre, other_manager, datetime.date(2026, 1, 6), 60)
    period = ReportingPeriod.objects.create(
        organization=other_centre, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), is_closed=True
    )
    make_parameters(other_centre)
    return record, period


@pytest.mark.parametrize("name", CENTRE_URLS)
def test_it_hides_another_centres_pages(client, manager, other_centre, victim, name):
    verified_login(client, manager)
    url = reverse(name, args=[other_centre.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"week": "2026-01-05", "rows": "0", "agree": "yes"}).status_code == 404


def test_it_hides_another_centres_record_and_periods(client, manager, other_centre, victim):
    record, period = victim
    verified_login(client, manager)
    edit = reverse("funding:record_edit", args=[other_centre.pk, record.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"date": "2026-01-06", "minutes": "1", "category": "peripheral"}).status_code == 404
    for name in ("funding:period_close", "funding:period_reopen"):
        assert client.post(reverse(name, args=[other_centre.pk, period.pk])).status_code == 404
    record.refresh_from_db()
    period.refresh_from_db()
    assert record.minutes == 60 and period.is_closed
    assert FundingParameters.objects.filter(organization=other_centre).count() == 1


def test_it_refuses_a_record_of_my_centre_given_with_another_centres_id(client, centre, manager, other_centre, victim):
    record, _period = victim
    verified_login(client, manager)
    assert client.get(reverse("funding:record_edit", args=[centre.pk, record.pk])).status_code == 404


def test_it_lets_a_counsellor_see_only_their_own_records(client, centre, counsellor, manager):
    theirs = make_record(centre, manager, datetime.date(2026, 1, 6), 60)
    verified_login(client, counsellor)
    assert client.get(reverse("funding:record_edit", args=[centre.pk, theirs.pk])).status_code == 404


def test_it_lets_only_managers_reopen_or_set_parameters(client, centre, counsellor):
    period = ReportingPeriod.objects.create(
        organization=centre, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), is_closed=True
    )
    verified_login(client, counsellor)
    assert client.post(reverse("funding:period_reopen", args=[centre.pk, period.pk])).status_code == 403
    assert client.post(reverse("funding:parameters", args=[centre.pk]), {"programme": "x"}).status_code == 403
    assert client.post(reverse("funding:consent", args=[centre.pk]), {"agree": "yes"}).status_code == 403
    period.refresh_from_db()
    assert period.is_closed


def test_it_sends_anonymous_visitors_to_the_login(client, centre):
    response = client.get(reverse("funding:week", args=[centre.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_it_refuses_logged_in_people_without_a_membership(client, centre):
    verified_login(client, make_staff())
    assert client.get(reverse("funding:index")).status_code == 403


def test_it_keeps_the_network_report_for_association_staff(client, manager, analyst):
    verified_login(client, manager)
    assert client.get(reverse("funding:network")).status_code == 403
    verified_login(client, analyst)
    assert client.get(reverse("funding:network")).status_code == 200


def test_it_gives_analysts_no_centre_page(client, analyst, centre):
    verified_login(client, analyst)
    assert client.get(reverse("funding:report", args=[centre.pk])).status_code == 404
    assert not TimeRecord.objects.exists()


@pytest.mark.parametrize("name", CENTRE_URLS)
def test_it_asks_for_the_second_factor_before_any_funding_page(client, manager, centre, name):
    client.force_login(manager)  # password only, no TOTP yet
    response = client.get(reverse(name, args=[centre.pk]))
    assert response.status_code == 302
    assert reverse("accounts:verify") in response["Location"]
