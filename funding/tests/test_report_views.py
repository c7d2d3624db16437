"""Report pages, downloads and the print layout."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import NetworkSharingConsent
from tests.fixtures.accounts import verified_login
from tests.fixtures.funding import make_centre, make_parameters, make_record, make_staff

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}


def test_it_shows_the_centre_report_with_tables_and_charts(client, centre, manager):
    make_parameters(centre)
    make_record(centre, manager, datetime.date(2026, 1, 6), 600)
    verified_login(client, manager)
    response = client.get(reverse("funding:report", args=[centre.pk]), PERIOD)
    html = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert response.status_code == 200
    assert "<svg" in html and 'role="img"' in html and "style=" not in html
    assert "12 328,77" in html or "12328,77" in html  # French formatting of the funded amount
    assert "funding/funding.css" in html


def test_it_downloads_csv_and_xlsx(client, centre, manager):
    make_parameters(centre)
    make_record(centre, manager, datetime.date(2026, 1, 6), 600)
    verified_login(client, manager)
    csv_response = client.get(reverse("funding:report_csv", args=[centre.pk]), PERIOD)
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "12328.77" in csv_response.content.decode()
    xlsx = client.get(reverse("funding:report_xlsx", args=[centre.pk]), PERIOD)
    book = load_workbook(io.BytesIO(xlsx.content))
    values = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 12328.77 in values


def test_it_falls_back_to_the_quarter_on_a_bad_period(client, centre, manager):
    verified_login(client, manager)
    response = client.get(reverse("funding:report", args=[centre.pk]), {"start": "nope", "end": "<b>"})
    assert response.status_code == 400
    assert "<b>" not in response.content.decode()


def test_it_suppresses_the_network_report_below_five_centres(client, analyst):
    staff = make_staff()
    for _ in range(4):
        centre = make_centre()
        make_parameters(centre)
        make_record(centre, staff, datetime.date(2026, 1, 6), 60)
        NetworkSharingConsent.objects.create(organization=centre, agreed_on=datetime.date(2025, 1, 1))
    verified_login(client, analyst)
    html = client.get(reverse("funding:network"), PERIOD).content.decode().replace("\xa0", " ")
    assert "masqué (moins de 5 organismes)" in html
    assert "12 328,77" not in html and "49 315,07" not in html
    csv_text = client.get(reverse("funding:network_csv"), PERIOD).content.decode()
    assert "49315.07" not in csv_text


def test_it_shows_the_network_report_from_five_centres(client, analyst):
    staff = make_staff()
    for _ in range(5):
        centre = make_centre()
        make_parameters(centre)
        make_record(centre, staff, datetime.date(2026, 1, 6), 60)
        NetworkSharingConsent.objects.create(organization=centre, agreed_on=datetime.date(2025, 1, 1))
    verified_login(client, analyst)
    csv_text = client.get(reverse("funding:network_csv"), PERIOD).content.decode()
    assert "61643.84" in csv_text
