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
GRID = {"period": "2026-Q1"}


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


def test_it_suppresses_the_network_report_below_three_centres(client, analyst):
    staff = make_staff()
    for _ in range(2):
        centre = make_centre()
        make_parameters(centre)
        make_record(centre, staff, datetime.date(2026, 1, 6), 60)
        NetworkSharingConsent.objects.create(organization=centre, agreed_on=datetime.date(2025, 1, 1))
    verified_login(client, analyst)
    html = client.get(reverse("funding:network"), GRID).content.decode().replace("\xa0", " ")
    assert "masqué" in html
    assert "12 328,77" not in html and "24 657,53" not in html
    csv_text = client.get(reverse("funding:network_csv"), GRID).content.decode()
    assert "24657.53" not in csv_text and "12328.77" not in csv_text


def test_it_shows_the_network_report_from_three_balanced_centres(client, analyst):
    staff = make_staff()
    for _ in range(3):
        centre = make_centre()
        make_parameters(centre)
        make_record(centre, staff, datetime.date(2026, 1, 6), 60)
        NetworkSharingConsent.objects.create(organization=centre, agreed_on=datetime.date(2025, 1, 1))
    verified_login(client, analyst)
    csv_text = client.get(reverse("funding:network_csv"), GRID).content.decode()
    assert "36986.30" in csv_text  # 3 × 12,328.77
    assert "Sample data" not in csv_text and "Données d'exemple" not in csv_text


def test_it_offers_only_closed_grid_periods_on_the_network_report(client, analyst):
    verified_login(client, analyst)
    today = datetime.date.today()
    html = client.get(reverse("funding:network")).content.decode()
    assert 'name="period"' in html and 'name="start"' not in html
    assert f'value="{today:%Y-%m}"' not in html and f'value="{today.year - 1}"' in html
    # A free window or the current month asked for by hand falls back to the last closed quarter.
    for query in ({"start": "2026-01-01", "end": "2026-01-02"}, {"period": f"{today:%Y-%m}"}, {"period": "9999"}):
        response = client.get(reverse("funding:network_csv"), query)
        assert response.status_code == 200
        assert f"{today:%Y-%m}-01 to" not in response.content.decode()


def test_it_labels_sample_data_on_the_network_report(client, analyst):
    staff = make_staff()
    for _ in range(3):
        centre = make_centre(is_sample=True)
        make_parameters(centre)
        make_record(centre, staff, datetime.date(2026, 1, 6), 60)
        NetworkSharingConsent.objects.create(organization=centre, agreed_on=datetime.date(2025, 1, 1))
    verified_login(client, analyst)
    html = client.get(reverse("funding:network"), GRID).content.decode()
    assert "Données d'exemple" in html or "Données d&#x27;exemple" in html
    csv_text = client.get(reverse("funding:network_csv"), GRID).content.decode()
    assert "Données d'exemple" in csv_text


@pytest.mark.parametrize(
    "query",
    [{"start": "9999-12-01", "end": "9999-12-31"}, {"start": "0001-01-01", "end": "0001-01-31"},
     {"start": "2026-01-01", "end": "9999-12-31"}],
)  # fmt: skip
def test_it_answers_400_to_a_period_out_of_range(client, centre, manager, query):
    verified_login(client, manager)
    for name in ("funding:report", "funding:report_csv"):
        response = client.get(reverse(name, args=[centre.pk]), query)
        assert response.status_code in (200, 400)
        if name == "funding:report":
            assert response.status_code == 400
            assert "2000" in response.content.decode()
    assert client.get(reverse("funding:week", args=[centre.pk]), {"week": "9999-12-31"}).status_code == 200
