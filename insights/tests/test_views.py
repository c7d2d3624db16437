"""Who can open which insights page, and what the pages and exports publish."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse as django_reverse
from django.utils.translation import override

from insights.disclosure import threshold
from tests.fixtures.insights import make_contacts, make_searches

NETWORK_URLS = ["insights:dashboard", "insights:summary", "insights:export"]
CENTRE_URLS = ["insights:centre", "insights:centre_export"]
THIS_MONTH = dt.date.today().replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)  # the last closed month
EARLIER = (LAST_MONTH - dt.timedelta(days=1)).replace(day=1)
PERIOD = f"?period={LAST_MONTH:%Y-%m}"


def reverse(name):
    """English pages, so the exported column names are stable whatever the catalogue says."""
    with override("en"):
        return django_reverse(name)


def csv_lines(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", NETWORK_URLS + CENTRE_URLS)
def test_it_sends_anonymous_visitors_to_the_login(db, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", NETWORK_URLS)
def test_it_refuses_the_network_pages_to_a_counsellor(counsellor_a, staff_client, name):
    assert staff_client(counsellor_a).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", CENTRE_URLS)
def test_it_refuses_the_centre_pages_to_staff_without_a_centre(analyst, staff_client, name):
    assert staff_client(analyst).get(reverse(name)).status_code == 403


def test_it_asks_for_the_second_factor_first(client, analyst):
    client.force_login(analyst, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 302
    assert "two-factor" in response["Location"]


def test_it_shows_the_dashboard_to_an_analyst_and_a_network_admin(reference_data, analyst, network_admin, client):
    from tests.fixtures.accounts import verified_client

    make_searches(30, unmet=True, clienteles="youth", day=LAST_MONTH)
    for user in (analyst, network_admin):
        response = verified_client(client, user).get(reverse("insights:dashboard"))
        assert response.status_code == 200
        assert "Capitale-Nationale" in response.content.decode()


def near(value, true):
    """A published count: a multiple of 5 within 4 of the true count."""
    return int(value) % 5 == 0 and abs(int(value) - true) < 5


def test_it_keeps_each_centre_to_its_own_figures(centre_a, centre_b, counsellor_a, counsellor_b, staff_client):
    org_a, org_b = centre_a.service.organization, centre_b.service.organization
    make_searches(40, organization_ids=[org_a.pk], day=LAST_MONTH)
    make_searches(70, organization_ids=[org_b.pk], day=LAST_MONTH)
    make_contacts(23, organization_id=org_b.pk, day=LAST_MONTH)
    lines = csv_lines(staff_client(counsellor_a).get(reverse("insights:centre_export") + PERIOD))
    totals = [line for line in lines if line["table"] == "centre-searches" and line["row"] in ("Total",)]
    assert [line["value"] for line in totals] == ["40"]
    contacts = [line for line in lines if line["table"].startswith("centre-contacts")]
    assert not [line for line in contacts if line["value"] not in ("", "0")]
    page = staff_client(counsellor_b).get(reverse("insights:centre") + PERIOD).content.decode()
    assert ">70<" in page and (">20<" in page or ">25<" in page) and ">40<" not in page


def test_it_never_shows_the_current_month(reference_data, analyst, staff_client, centre_a, counsellor_a):
    make_searches(50, region_code="03", day=THIS_MONTH, organization_ids=[centre_a.service.organization.pk])
    client = staff_client(analyst)
    for query in ("", f"?period={THIS_MONTH:%Y-%m}", f"?period={THIS_MONTH.year}"):
        lines = csv_lines(client.get(reverse("insights:export") + query))
        assert not [line for line in lines if line["value"] not in ("", "0") and line["column"] != "Share unmet"]
        assert THIS_MONTH.strftime("%Y-%m") not in {line["column"] for line in lines}
    lines = csv_lines(staff_client(counsellor_a).get(reverse("insights:centre_export")))
    assert not [line for line in lines if line["value"] not in ("", "0")]


def test_it_never_exports_a_small_count(reference_data, analyst, staff_client, centre_a):
    org = centre_a.service.organization
    make_searches(3, region_code="01", unmet=True, clienteles="youth", fsa="G5L", result_count=0, day=LAST_MONTH)
    make_searches(25, region_code="01", day=EARLIER)
    make_searches(12, region_code="03", unmet=True, clienteles="youth,women", day=LAST_MONTH)
    make_searches(4, region_code="03", clienteles="women", result_count=0, fsa="G1R", day=LAST_MONTH)
    make_contacts(2, organization_id=org.pk, region_code="01", status="refused", day=LAST_MONTH)
    make_contacts(11, organization_id=org.pk, region_code="03", status="closed", day=LAST_MONTH)
    client = staff_client(analyst)
    quarter = f"?period={LAST_MONTH.year}-Q{(LAST_MONTH.month - 1) // 3 + 1}"
    for query in (PERIOD, PERIOD + "&region=03", PERIOD + "&region=01", quarter, f"?period={EARLIER:%Y-%m}"):
        lines = csv_lines(client.get(reverse("insights:export") + query))
        assert lines
        for line in lines:
            value = line["value"]
            if value.isdigit():
                assert int(value) == 0 or int(value) >= threshold(), line
                assert int(value) % 5 == 0, line
            assert (value == "") == (line["suppressed"] == "1") or line["column"].startswith("Share")
    page = client.get(reverse("insights:dashboard") + PERIOD).content.decode()
    assert "not published" in page or "non publié" in page


def test_it_suppresses_a_cell_that_subtraction_would_reveal(reference_data, analyst, staff_client):
    make_searches(3, region_code="01", day=LAST_MONTH)
    make_searches(50, region_code="01", day=EARLIER)
    for period in (f"{LAST_MONTH:%Y}", f"{LAST_MONTH.year}-Q{(LAST_MONTH.month - 1) // 3 + 1}"):
        lines = csv_lines(staff_client(analyst).get(reverse("insights:export") + f"?period={period}&region=01"))
        row = {line["column"]: line for line in lines if line["table"] == "searches" and line["row"] != "Total"}
        if f"{EARLIER:%Y-%m}" not in row:
            continue
        assert row[f"{LAST_MONTH:%Y-%m}"]["suppressed"] == "1"
        assert row[f"{EARLIER:%Y-%m}"]["suppressed"] == "1" or row["Total"]["suppressed"] == "1"


def test_it_labels_sample_data(reference_data, analyst, staff_client, centre_a, counsellor_a):
    make_searches(12, is_sample=True, day=LAST_MONTH)
    page = staff_client(analyst).get(reverse("insights:dashboard") + PERIOD).content.decode()
    assert "sample-badge" in page
    lines = csv_lines(staff_client(analyst).get(reverse("insights:export") + PERIOD))
    assert {line["sample_data"] for line in lines} == {"1"}
    org = centre_a.service.organization
    org.is_sample = True
    org.save(update_fields=["is_sample"])
    page = staff_client(counsellor_a).get(reverse("insights:centre") + PERIOD).content.decode()
    assert "sample-badge" in page
    lines = csv_lines(staff_client(counsellor_a).get(reverse("insights:centre_export") + PERIOD))
    assert {line["sample_data"] for line in lines} == {"1"}


def test_it_answers_bad_filters_with_the_default_period(reference_data, analyst, staff_client):
    client = staff_client(analyst)
    for query in ("?period=2026-13", "?period=9999", "?region=<script>", "?period=1900-01", "?start=2020-01&end=x"):
        response = client.get(reverse("insights:dashboard") + query)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[-1].replace("<script src", "")
    assert client.get(reverse("insights:export") + "?period=zz").status_code == 200


def test_it_filters_by_region_and_period(reference_data, analyst, staff_client):
    make_searches(15, region_code="01", day=dt.date(2025, 3, 5))
    make_searches(20, region_code="03", day=dt.date(2025, 3, 5))
    lines = csv_lines(staff_client(analyst).get(reverse("insights:export") + "?period=2025-03&region=03"))
    regions = [line for line in lines if line["table"] == "regions" and line["column"] == "Searches"]
    assert [(line["row"], line["value"]) for line in regions] == [("Capitale-Nationale", "20")]


def test_it_prints_a_summary(reference_data, analyst, staff_client):
    make_searches(30, day=LAST_MONTH)
    response = staff_client(analyst).get(reverse("insights:summary") + PERIOD)
    assert response.status_code == 200
    assert b"insights.css" in response.content


def test_it_explains_what_is_recorded_to_anyone(db, client):
    response = client.get(reverse("insights:what_we_record"))
    assert response.status_code == 200
    assert "Global Privacy Control" in response.content.decode()


def test_it_never_exports_a_small_count_to_a_centre(centre_a, counsellor_a, staff_client):
    org = centre_a.service.organization.pk
    make_searches(4, organization_ids=[org], day=LAST_MONTH)
    make_searches(30, organization_ids=[org], day=EARLIER)
    make_contacts(3, organization_id=org, status="refused", day=LAST_MONTH)
    make_contacts(12, organization_id=org, status="closed", day=LAST_MONTH)
    client = staff_client(counsellor_a)
    lines = csv_lines(client.get(reverse("insights:centre_export") + PERIOD))
    for line in lines:
        if line["value"].isdigit():
            assert int(line["value"]) == 0 or int(line["value"]) >= threshold(), line
    assert any(line["suppressed"] == "1" for line in lines)
    page = client.get(reverse("insights:centre") + PERIOD).content.decode()
    assert ">4<" not in page and ">3<" not in page
