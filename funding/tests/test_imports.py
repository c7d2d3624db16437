"""CSV import: every bad row is rejected with its reasons; malformed files never crash."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.imports import csv_parse
from funding.models import TimeRecord
from tests.fixtures.accounts import verified_login

D = datetime.date
CONTEXT = {
    "start": D(2026, 1, 1),
    "end": D(2026, 3, 31),
    "service_types": {"evaluation": 1},
    "peripheral_categories": {"gestion-interne": 3},
    "staff_emails": {"me@example.org"},
    "default_email": "me@example.org",
    "closed_days": {D(2026, 1, 2)},
}
HEADER = "date,minutes,category,client_code,service_type,job_start_date,milestone,peripheral_category,staff_email\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(text: str):
    return csv_parse(text.encode(), **CONTEXT)


def test_it_accepts_good_rows_of_each_category():
    result = parse(
        HEADER
        + "2026-01-05,90,client_intervention,C-2026-0042,evaluation,,,,\n"
        + "2026-01-06,1:30,job_retention,C-2026-0042,,2025-12-01,1,,\n"
        + "2026-01-07,45,peripheral,,,,,gestion-interne,ME@example.org\n"
    )
    assert not result.rejected and not result.error
    assert [(r.category, r.minutes) for r in result.rows] == [
        ("client_intervention", 90),
        ("job_retention", 90),
        ("peripheral", 45),
    ]


def test_it_rejects_each_bad_row_with_its_reasons():
    result = parse(
        HEADER
        + "2026-13-05,90,client_intervention,Marie Tremblay,evaluation,,,,\n"  # line 2
        + "2026-01-06,0,peripheral,,,,,unknown,\n"  # line 3
        + "2026-04-01,30,peripheral,,,,,gestion-interne,\n"  # line 4: outside the period
        + "2026-01-02,30,peripheral,,,,,gestion-interne,\n"  # line 5: closed
        + "2026-01-06,30,job_retention,C-1234,,,9,,\n"  # line 6
        + "2026-01-06,30,peripheral,,,,,gestion-interne,someone@else.org\n"  # line 7
        + "2026-01-06,30\n"  # line 8
        + "2026-01-06,30,holiday,,,,,,\n"  # line 9
    )
    reasons = dict(result.rejected)
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert any("YYYY-MM-DD" in r for r in reasons[2]) and any("Never write a name" in r for r in reasons[2])
    assert any("more than zero" in r for r in reasons[3]) and any("Unknown peripheral" in r for r in reasons[3])
    assert any("outside the period" in r for r in reasons[4])
    assert any("closed" in r for r in reasons[5])
    assert any("job start date" in r for r in reasons[6]) and any("12 months" in r for r in reasons[6])
    assert any("not a member" in r for r in reasons[7])
    assert any("header" in r for r in reasons[8])
    assert any("Unknown category" in r for r in reasons[9])
    assert not result.rows


def test_it_refuses_a_file_without_the_required_columns():
    assert "minutes" in parse("date,category\n2026-01-05,peripheral\n").error


def test_it_reads_semicolons_and_a_byte_order_mark():
    result = csv_parse(
        ("\ufeff" + HEADER.replace(",", ";") + "2026-01-07;45;peripheral;;;;;gestion-interne;\n").encode(), **CONTEXT
    )
    assert len(result.rows) == 1


def test_it_refuses_binary_files():
    assert csv_parse(b"\xff\xfe\x00\x01", **CONTEXT).error


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(max_size=400).map(str.encode)
    | st.lists(st.text(max_size=15), max_size=12).map(lambda cells: (HEADER + ",".join(cells)).encode())
)
def test_it_never_crashes_on_malformed_csv(content):
    result = csv_parse(content, **CONTEXT)
    assert result.error or all(isinstance(line, int) and reasons for line, reasons in result.rejected)


@pytest.mark.django_db
def test_it_imports_through_the_page_and_lists_rejects(client, centre, counsellor):
    verified_login(client, counsellor)
    content = HEADER + "2026-01-07,45,peripheral,,,,,gestion-interne,\n2026-01-08,45,peripheral,,,,,nope,\n"
    upload = SimpleUploadedFile("week.csv", content.encode(), content_type="text/csv")
    response = client.post(
        reverse("funding:import", args=[centre.pk]), {"start": "2026-01-01", "end": "2026-03-31", "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert TimeRecord.objects.filter(organization=centre, staff=counsellor, minutes=45).count() == 1
    assert "<td>3</td>" in html


@pytest.mark.django_db
def test_it_refuses_a_day_over_24_hours_for_one_person(client, centre, counsellor):
    verified_login(client, counsellor)
    rows = "".join("2026-01-07,10080,peripheral,,,,,gestion-interne,\n" for _ in range(3))
    rows += "2026-01-08,600,peripheral,,,,,gestion-interne,\n2026-01-08,900,peripheral,,,,,gestion-interne,\n"
    rows += "2026-01-09,480,peripheral,,,,,gestion-interne,\n"
    upload = SimpleUploadedFile("week.csv", (HEADER + rows).encode(), content_type="text/csv")
    with translation.override("fr"):
        url = reverse("funding:import", args=[centre.pk])
    response = client.post(url, {"start": "2026-01-01", "end": "2026-03-31", "file": upload})
    html = response.content.decode()
    assert list(TimeRecord.objects.values_list("date", "minutes")) == [(datetime.date(2026, 1, 9), 480)]
    assert "8 janvier 2026" in html and "24 heures" in html
