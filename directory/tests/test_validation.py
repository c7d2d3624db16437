"""The rules an import record must follow (pure: no database)."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.validation import organization_parse
from tests.fixtures.directory import organization_raw, reference_make

TODAY = date(2026, 11, 26)


def parse(raw, **reference):
    return organization_parse(raw, reference=reference_make(**reference), today=TODAY)


def reasons_of(raw, **reference) -> str:
    record, reasons = parse(raw, **reference)
    assert record is None
    return " | ".join(reasons)


def with_location(**changes):
    raw = organization_raw()
    raw["locations"][0].update(changes)
    return raw


def with_service(**changes):
    raw = organization_raw()
    raw["services"][0].update(changes)
    return raw


def test_it_accepts_a_valid_record_and_normalises_it():
    record, reasons = parse(organization_raw())
    assert reasons == []
    location = record.locations[0]
    assert location.municipality_code == "99001"
    assert location.region_code == "01"
    assert location.addresses[0].postal_code == "G5L 1A1"
    assert location.phones[0].number == "+14185550101"
    assert [s.byday for s in location.schedules] == ["MO", "TU", "WE", "TH", "FR"]
    assert location.languages[1].name.fr == "anglais"
    assert location.languages[1].name.en == "English"
    assert record.services[0].assured_date == date(2026, 1, 15)
    assert record.service_points[0].service_slug == "recherche"


def test_it_finds_a_municipality_by_name_without_accents():
    record, _ = parse(with_location(municipality="VILLEFICTIVE SUR MER"))
    assert record.locations[0].municipality_code == "99001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (with_location(municipality="Atlantide"), "unknown municipality “Atlantide”"),
        (with_location(municipality="Saint-Exemple"), "names several municipalities (99003, 99004)"),
        (with_location(latitude=43.65, longitude=-79.38), "outside Québec"),
        (with_location(latitude=47.0, longitude=-70.0), "km from Villefictive-sur-Mer"),
        (with_location(region="07"), "is in region 01, not 07"),
        (with_service(clienteles=["aliens"]), "unknown clientèle “aliens”"),
        (with_service(kinds=["astrology"]), "unknown kind of service “astrology”"),
        (with_service(assured_date="2031-01-01"), "not a plausible date"),
        (with_service(assured_date="2026-02-30"), "is not a date"),
        (with_service(url="ftp://example.org"), "is not a web address"),
        (with_service(email="nobody@"), "is not an e-mail address"),
        (organization_raw(phones=[{"number": "555-0123"}]), "not a North American phone number"),
        (
            organization_raw(service_at_locations=[{"service": "recherche", "location": "ailleurs"}]),
            "no location “ailleurs”",
        ),
        (organization_raw(service_at_locations=[{"service": "recherche", "location": "siege"}] * 2), "already listed"),
        (organization_raw(name={"fr": "   "}), "organization.name.fr: must not be empty"),
    ],
)
def test_it_rejects_a_record_with_a_clear_reason(raw, expected):
    assert expected in reasons_of(raw)


def test_it_rejects_opening_hours_that_close_before_they_open():
    raw = with_location(schedules=[{"byday": "MO", "opens_at": "17:00", "closes_at": "09:00"}])
    assert "locations[0].schedules[0]: closes at 09:00, which is not after it opens (17:00)" in reasons_of(raw)


def test_it_rejects_malformed_and_unknown_postal_codes():
    raw = with_location(addresses=[{"address_1": "1, rue A", "city": "X", "postal_code": "K1A 0B1"}])
    assert "is not a Québec postal code" in reasons_of(raw)
    raw = with_location(addresses=[{"address_1": "1, rue A", "city": "X", "postal_code": "G9Z 1A1"}])
    assert "postal area “G9Z” does not exist" in reasons_of(raw)
    # Before the postal areas are loaded only the format is checked.
    assert parse(raw, fsas=frozenset())[1] == []


def test_it_rejects_duplicate_slugs_within_an_organisation():
    raw = organization_raw()
    raw["services"].append(raw["services"][0])
    assert "services: the identifier “recherche” is used twice" in reasons_of(raw)


def test_it_rejects_a_service_offered_nowhere():
    raw = organization_raw()
    raw["services"].append({**raw["services"][0], "slug": "orpheline"})
    assert "the service “orpheline” is offered at no location" in reasons_of(raw)


def test_it_reports_schema_errors_with_their_path():
    raw = organization_raw()
    del raw["locations"][0]["latitude"]
    raw["services"][0]["slug"] = "Not A Slug"
    raw["surprise"] = 1
    reasons = reasons_of(raw)
    assert "locations[0]: the field “latitude” is missing" in reasons
    assert "services[0].slug: “Not A Slug” is not in the expected form" in reasons
    assert "unknown field(s) 'surprise'" in reasons


def test_it_never_echoes_a_huge_value_whole():
    raw = organization_raw(slug="x" * 10_000)
    assert all(len(reason) < 300 for reason in parse(raw)[1])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
FIELDS = st.sampled_from(
    ["slug", "name", "services", "locations", "service_at_locations", "phones", "email", "website", "description"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSON)
def test_it_never_crashes_on_arbitrary_json(value):
    record, reasons = parse(value)
    assert record is None and reasons


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=FIELDS, value=JSON, where=st.sampled_from(["organization", "service", "location"]))
def test_it_always_reports_on_a_corrupted_field(field, value, where):
    raw = organization_raw()
    target = {"organization": raw, "service": raw["services"][0], "location": raw["locations"][0]}[where]
    target[field] = value
    record, reasons = parse(raw)
    assert (record is None) == bool(reasons)
    assert all(isinstance(reason, str) and reason for reason in reasons)


@settings(max_examples=100, deadline=None)
@given(
    latitude=st.floats(allow_nan=True, allow_infinity=True),
    longitude=st.floats(allow_nan=True, allow_infinity=True),
    postal=st.text(max_size=10),
    phone=st.text(max_size=25),
    opens=st.text(max_size=6),
)
def test_it_never_crashes_on_odd_scalar_values(latitude, longitude, postal, phone, opens):
    raw = with_location(
        latitude=latitude,
        longitude=longitude,
        addresses=[{"address_1": "1, rue A", "city": "X", "postal_code": postal}],
        phones=[{"number": phone}],
        schedules=[{"byday": "MO", "opens_at": opens, "closes_at": "12:00"}],
    )
    record, reasons = parse(raw)
    assert (record is None) == bool(reasons)
