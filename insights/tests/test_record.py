"""No personal data, full postal code or typed text reaches the event store, whatever the caller passes."""

import datetime as dt
import re

import pytest
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights.models import ContactEvent, GuideReadEvent, ImpressionCount, SearchEvent
from insights.record import clean_fsa, contact_forget, contact_record, guide_read_record, new_token, search_record

rf = RequestFactory()
anything = st.one_of(st.none(), st.text(max_size=60), st.integers(), st.lists(st.text(max_size=20), max_size=5))
postal_like = st.from_regex(r"[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]", fullmatch=True)
SLUG = re.compile(r"^[a-z0-9-]{1,40}$")


def record(request=None, **overrides):
    values = {
        "region_code": "03",
        "fsa": "G1R 2K5",
        "precision": "postal_code",
        "clienteles": ["youth"],
        "organization_ids": [],
        "today_counts": {"eligible": 0, "to_confirm": 0, "not_eligible": 2},
        "universal_eligible": 2,
    }
    values.update(overrides)
    return search_record(request or rf.get("/"), **values)


def test_it_keeps_only_the_fsa_of_a_full_postal_code(make_point):
    org = make_point(46.8, -71.2, clienteles=("youth",)).service.organization
    event = record(organization_ids=[org.pk], clienteles=["youth", "h2x1y4", "jeanne-tremblay", "youth"])
    assert event.fsa == "G1R"
    assert event.clienteles == "youth"
    assert event.unmet is True
    assert ImpressionCount.objects.get(organization=org).count == 1
    record(organization_ids=[org.pk])
    assert ImpressionCount.objects.get(organization=org).count == 2  # a counter, not a row per search


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    region=anything,
    fsa=st.one_of(anything, postal_like),
    precision=anything,
    clienteles=st.one_of(anything, st.lists(st.one_of(st.text(max_size=60), postal_like, st.integers()), max_size=8)),
    counts=st.one_of(st.none(), st.dictionaries(st.text(max_size=12), st.one_of(st.integers(), st.text(max_size=5)))),
    universal=st.one_of(st.integers(), st.text(max_size=5), st.none()),
)
def test_it_stores_only_coarse_values_from_hostile_input(region, fsa, precision, clienteles, counts, universal):
    event = record(
        region_code=region, fsa=fsa, precision=precision, clienteles=clienteles, organization_ids=[],
        today_counts=counts, universal_eligible=universal,
    )  # fmt: skip
    stored = SearchEvent.objects.get(pk=event.pk)
    assert len(stored.fsa) in (0, 3)
    assert stored.fsa == "" or re.fullmatch(r"[GHJ][0-9][A-Z]", stored.fsa)
    assert stored.region_code == "" or re.fullmatch(r"0[1-9]|1[0-7]", stored.region_code)
    assert stored.month.day == 1
    assert all(SLUG.match(slug) for slug in stored.clienteles.split(",") if stored.clienteles)
    assert not re.search(r"[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]", stored.clienteles.upper().replace(",", ""))
    for value in (stored.eligible_today, stored.to_confirm_today, stored.not_eligible_today, stored.eligible_universal):
        assert 0 <= value <= 32767


@given(st.text(max_size=20))
def test_it_never_keeps_more_than_three_characters_of_a_postal_code(value):
    kept = clean_fsa(value)
    assert len(kept) in (0, 3)
    assert kept == "" or value.replace(" ", "").upper().startswith(kept)


@pytest.mark.parametrize("header", [{"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}])
def test_it_records_nothing_under_do_not_track_or_gpc(db, header):
    request = rf.get("/", **header)
    assert record(request) is None
    assert guide_read_record(request, guide_slug="aide", language="fr") is None
    assert SearchEvent.objects.count() == 0
    assert GuideReadEvent.objects.count() == 0


def test_it_never_counts_a_search_without_answers_as_unmet(db):
    assert record(today_counts=None).unmet is False


def test_it_does_not_count_a_search_with_a_centre_to_confirm_as_unmet(db):
    assert record(today_counts={"eligible": 0, "to_confirm": 1, "not_eligible": 1}).unmet is False


def test_it_records_a_guide_read_with_a_known_slug_only(db):
    assert guide_read_record(rf.get("/"), guide_slug="Jeanne Tremblay", language="fr") is None
    assert guide_read_record(rf.get("/"), guide_slug="trouver-un-emploi", language="xx").language == ""


def test_it_upserts_a_contact_trace_through_a_random_token_and_keeps_a_delay_band(make_point):
    org = make_point(46.8, -71.2).service.organization
    created = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    token = new_token()
    common = {"token": token, "organization_id": org.pk, "region_code": "03", "created_on": created}
    contact_record(**common, status="new")
    contact_record(**common, status="contacted", first_contact_at=created + dt.timedelta(hours=26, seconds=36))
    contact_record(**common, status="closed")
    event = ContactEvent.objects.get()
    assert (event.status, event.delay, event.month) == ("closed", "two_days", dt.date(2026, 3, 1))
    assert new_token() != token and len(token) == 32
    contact_forget(token)
    assert ContactEvent.objects.get().token is None
    assert contact_record(**{**common, "token": ""}, status="new") is None  # no token: nothing recorded
    assert ContactEvent.objects.count() == 1


def test_it_keeps_no_order_and_no_day_that_could_link_events(db):
    """Ids are random (their order is not the order of the searches) and nothing finer than the month is kept."""
    ids = [record().pk for _ in range(40)]
    assert ids != sorted(ids) and ids != sorted(ids, reverse=True)
    assert len(set(ids)) == 40
    for model in (SearchEvent, ContactEvent, GuideReadEvent):
        fields = {field.name: field for field in model._meta.concrete_fields}
        assert "day" not in fields and "precision" not in fields and "request_key" not in fields
        assert not [f for f in fields.values() if f.get_internal_type() in ("DateTimeField", "TimeField")]
        assert model.objects.filter(month__day__gt=1).count() == 0
