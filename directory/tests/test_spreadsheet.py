"""The association's spreadsheet through the directory's one door: rows checked, merged, reported and written."""

from datetime import time

import pytest

from directory.models import Location, Organization, Schedule, ServiceAtLocation
from directory.spreadsheet import SheetFileError, sheet_import, sheet_read
from tests.fixtures.sheets import sheet_csv, sheet_row, sheet_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def _import(rows, **kwargs):
    return sheet_import(sheet_read(sheet_csv(rows), "sheet.csv"), **kwargs)


def test_it_creates_one_organisation_per_key_and_places_rows_from_their_postal_code():
    rows = [
        sheet_row(1),
        sheet_row(2),
        sheet_row(
            3,
            org_key="feuille-0002",
            org_name=sheet_row(2)["org_name"],
            email=sheet_row(2)["email"],
            website=sheet_row(2)["website"],
            member=sheet_row(2)["member"],
            site_key="nord",
        ),
    ]
    report = _import(rows)
    assert (report.total, report.created, report.rejected) == (3, 3, [])
    assert Organization.objects.filter(slug__in=["feuille-0001", "feuille-0002"]).count() == 2
    assert Location.objects.filter(organization__slug="feuille-0002").count() == 2
    location = Location.objects.get(organization__slug="feuille-0001")
    assert location.placed_from_postal_code
    assert not location.organization.is_sample
    assert ServiceAtLocation.objects.filter(location=location, latitude=location.latitude).exists()


def test_it_changes_nothing_when_the_same_file_is_uploaded_again():
    rows = [sheet_row(n) for n in range(1, 6)]
    _import(rows)
    stamps = dict(Organization.objects.filter(slug__startswith="feuille-").values_list("slug", "updated_at"))
    again = _import(rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert dict(Organization.objects.filter(slug__startswith="feuille-").values_list("slug", "updated_at")) == stamps


def test_it_updates_a_corrected_row_in_place():
    rows = [sheet_row(n) for n in range(1, 4)]
    _import(rows)
    location_id = Location.objects.get(organization__slug="feuille-0002").pk
    rows[1]["hours"] = "lun-ven 9h-12h"
    report = _import(rows)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    location = Location.objects.get(organization__slug="feuille-0002")
    assert location.pk == location_id
    assert set(Schedule.objects.filter(location=location).values_list("opens_at", "closes_at")) == {(time(9), time(12))}


@pytest.mark.parametrize(
    ("override", "column", "words"),
    [
        ({"postal_code": "K1A 0B1"}, "postal_code", "Québec postal code"),
        ({"postal_code": "G0A 9Z9"}, "postal_code", "not in the postal-code table"),
        ({"phone": "555-12"}, "phone", "phone number"),
        ({"hours": "le matin"}, "hours", "cannot read the hours"),
        ({"website": "pas un site"}, "website", "web address"),
        ({"clienteles": "martiens"}, "clienteles", "unknown value"),
        ({"municipality": "Atlantide"}, "municipality", "unknown municipality"),
        ({"org_name": ""}, "organization_name", "must not be empty"),
        ({"latitude": "45.5"}, "latitude", "both coordinates"),
        ({"member": "peut-être"}, "member", "neither yes nor no"),
    ],
)
def test_it_rejects_a_bad_row_with_its_row_number_and_column(override, column, words):
    report = _import([sheet_row(1), sheet_row(2, **override)])
    assert report.created == 1
    [rejection] = report.rejected
    assert rejection.index == 3  # headings are row 1
    assert any(reason.startswith(column) and words in reason for reason in rejection.reasons), rejection.reasons
    assert not Organization.objects.filter(slug="feuille-0002").exists()


def test_it_reports_coordinates_far_from_the_municipality_in_staff_words():
    report = _import([sheet_row(1, latitude="60.0", longitude="-70.0")])
    assert report.rejected[0].reasons[0].startswith("latitude")


def test_it_holds_back_a_whole_organisation_when_one_of_its_rows_is_rejected():
    _import([sheet_row(1)])
    second = sheet_row(1, site_key="nord", phone="bad")
    report = _import([sheet_row(1), second])
    assert [r.index for r in report.rejected] == [2, 3]
    assert "row 3" in report.rejected[0].reasons[0]
    assert Location.objects.filter(organization__slug="feuille-0001").count() == 1


def test_it_rejects_two_rows_with_the_same_site_key():
    report = _import([sheet_row(1), sheet_row(1)])
    assert report.rejected and "already uses" in report.rejected[-1].reasons[0]


def test_a_dry_run_saves_nothing_but_says_what_would_happen():
    report = _import([sheet_row(1), sheet_row(2, phone="x")], dry_run=True)
    assert [row.action for row in report.rows] == ["created", "rejected"]
    assert not Organization.objects.filter(slug__startswith="feuille-").exists()


def test_a_claimed_organisation_is_no_longer_overwritten_by_the_sheet():
    _import([sheet_row(1)])
    report = _import([sheet_row(1, hours="lun 9h-10h")], protected=frozenset({"feuille-0001"}))
    assert report.unchanged == 1
    assert Schedule.objects.filter(location__organization__slug="feuille-0001", byday="TU").exists()


def test_it_reads_the_xlsx_and_the_english_headings_alike():
    rows = [sheet_row(1)]
    from_xlsx = sheet_read(sheet_xlsx(rows), "sheet.xlsx")
    from_english_csv = sheet_read(sheet_csv(rows, language="en"), "sheet.csv")
    assert from_xlsx == from_english_csv


def test_it_skips_the_template_example_row():
    from directory.sheet_template import template_csv

    report = sheet_import(sheet_read(template_csv("fr"), "modele.csv"))
    assert report.total == 0


@pytest.mark.parametrize("content", [b"", b"a;b;c\n1;2;3\n", b"PK\x03\x04garbage"])
def test_it_refuses_a_file_that_is_not_the_template_without_a_500(content):
    with pytest.raises(SheetFileError):
        sheet_read(content, "x.xlsx" if content.startswith(b"PK") else "x.csv")


def test_a_postal_code_far_from_the_municipality_is_blamed_on_the_postal_code_not_on_coordinates():
    montreal_code = sheet_row(0)["postal_code"]  # the largest municipality's town hall
    report = _import([sheet_row(1, postal_code=montreal_code, municipality="Rimouski")])
    [reason] = report.rejected[0].reasons
    assert reason.startswith("postal_code") and "too far from the municipality" in reason


def test_a_rural_code_the_table_places_at_a_namesake_is_placed_at_its_municipality_not_rejected():
    # GeoNames puts G0X 3A0 (Saint-Prosper-de-Champlain, Mauricie) at Saint-Prosper, Chaudière-Appalaches, 170 km away;
    # other G0X codes lie near the municipality, so the code is right and the table's point is not.
    row = sheet_row(1, postal_code="G0X 3A0", municipality="Saint-Prosper-de-Champlain")
    report = _import([row])
    assert (report.created, report.rejected) == (1, [])
    assert report.rows[0].placed_at_municipality and report.rows[0].placed_from_postal_code
    location = Location.objects.get(organization__slug="feuille-0001")
    assert (round(location.latitude, 2), round(location.longitude, 2)) == (46.69, -72.59)
    assert location.region_id == "04"


def test_an_unchanged_organisation_is_not_checked_again(monkeypatch):
    rows = [sheet_row(n) for n in range(1, 4)]
    _import(rows)
    calls = []
    monkeypatch.setattr("directory.spreadsheet.organization_parse", lambda *a, **k: calls.append(1))
    report = _import(rows)
    assert report.unchanged == 3 and calls == []
