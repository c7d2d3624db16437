"""Who can open which insights page, and what the pages and exports publish."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse as django_reverse
from django.utils.translation import override

from insights.suppression import threshold
from tests.fixtures.insights import make_contacts, make_searches

NETWORK_URLS = ["insights:dashboard", "insights:summary", "insights:export"]
CENTRE_URLS = ["insights:centre", "insights:centre_export"]
THIS_MONTH = dt.date.today().replace(day=1)


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

    make_searches(30, unmet=True, clienteles="youth")
    for user in (analyst, network_admin):
        response = verified_client(client, user).get(reverse("insights:dashboard"))
        assert response.status_code == 200
        assert "Capitale-Nationale" in response.content.decode()


def test_it_keeps_each_centre_to_its_own_figures(centre_a, centre_b, counsellor_a, counsellor_b, staff_client):
    org_a, org_b = centre_a.service.organization, centre_b.service.organization
    make_searches(40, organization_ids=[org_a.pk])
    make_searches(70, organization_ids=[org_b.pk])
    make_contacts(23, organization_id=org_b.pk)
    lines = csv_lines(staff_client(counsellor_a).get(reverse("insights:centre_export")))
    totals = [line for line in lines if line["table"] == "centre-searches" and line["row"] in ("Total",)]
    assert [line["value"] for line in totals] == ["40"]
    assert not [line for line in lines if line["table"] == "centre-contacts" and line["value"] not in ("", "0")]
    page = staff_client(counsellor_b).get(reverse("insights:centre")).content.decode()
    assert ">70<" in page and ">23<" in page and ">40<" not in page


def test_it_never_exports_a_small_count(reference_data, analyst, staff_client, centre_a):
    org = centre_a.service.organization
    make_searches(3, region_code="01", unmet=True, clienteles="youth", fsa="G5L", result_count=0)
    make_searches(25, region_code="01", day=THIS_MONTH - dt.timedelta(days=40))
    make_searches(12, region_code="03", unmet=True, clienteles="youth,women")
    make_searches(4, region_code="03", clienteles="women", result_count=0, fsa="G1R")
    make_contacts(2, organization_id=org.pk, region_code="01", status="refused")
    make_contacts(11, organization_id=org.pk, region_code="03", status="closed")
    client = staff_client(analyst)
    for query in ("", "?region=03", "?region=01"):
        lines = csv_lines(client.get(reverse("insights:export") + query))
        assert lines
        for line in lines:
            value = line["value"]
            if value.replace(".", "").isdigit() and line["column"] != "Median hours to first contact":
                assert float(value) == 0 or float(value) >= threshold(), line
            assert (value == "") == (line["suppressed"] == "1") or line["column"].startswith("Share")
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert "fewer than 10" in page or "moins de 10" in page


def test_it_suppresses_a_cell_that_subtraction_would_reveal(reference_data, analyst, staff_client):
    make_searches(3, region_code="01", day=THIS_MONTH)
    make_searches(50, region_code="01", day=THIS_MONTH - dt.timedelta(days=40))
    lines = csv_lines(staff_client(analyst).get(reverse("insights:export") + "?region=01"))
    row = {(line["column"]): line for line in lines if line["table"] == "searches" and line["row"] != "Total"}
    published = [line for line in row.values() if line["suppressed"] == "0" and line["value"] not in ("", "0")]
    total = row["Total"]
    assert total["value"] == "" or sum(int(line["value"]) for line in published if line is not total) != 53


def test_it_labels_sample_data(reference_data, analyst, staff_client):
    make_searches(12, is_sample=True)
    page = staff_client(analyst).get(reverse("insights:dashboard")).content.decode()
    assert "sample-badge" in page


def test_it_answers_bad_filters_with_a_message(reference_data, analyst, staff_client):
    client = staff_client(analyst)
    for query in ("?start=2026-13&end=x", "?start=2030-01&end=2020-01", "?region=<script>", "?start=1900-01"):
        response = client.get(reverse("insights:dashboard") + query)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[-1].replace("<script src", "")
    assert client.get(reverse("insights:export") + "?start=zz").status_code == 200


def test_it_filters_by_region_and_period(reference_data, analyst, staff_client):
    make_searches(15, region_code="01", day=dt.date(2025, 3, 5))
    make_searches(22, region_code="03", day=dt.date(2025, 3, 5))
    lines = csv_lines(staff_client(analyst).get(reverse("insights:export") + "?start=2025-03&end=2025-03&region=03"))
    regions = [line for line in lines if line["table"] == "regions" and line["column"] == "Searches"]
    assert [(line["row"], line["value"]) for line in regions] == [("Capitale-Nationale", "22"), ("Total", "22")]


def test_it_prints_a_summary(reference_data, analyst, staff_client):
    make_searches(30)
    response = staff_client(analyst).get(reverse("insights:summary"))
    assert response.status_code == 200
    assert b"insights.css" in response.content


def test_it_explains_what_is_recorded_to_anyone(db, client):
    response = client.get(reverse("insights:what_we_record"))
    assert response.status_code == 200
    assert "Global Privacy Control" in response.content.decode()


def test_it_never_exports_a_small_count_to_a_centre(centre_a, counsellor_a, staff_client):
    org = centre_a.service.organization.pk
    make_searches(4, organization_ids=[org])
    make_searches(30, organization_ids=[org], day=THIS_MONTH - dt.timedelta(days=40))
    make_contacts(3, organization_id=org, status="refused")
    make_contacts(12, organization_id=org, status="closed")
    client = staff_client(counsellor_a)
    lines = csv_lines(client.get(reverse("insights:centre_export")))
    for line in lines:
        if line["value"].isdigit():
            assert int(line["value"]) == 0 or int(line["value"]) >= threshold(), line
    assert any(line["suppressed"] == "1" for line in lines)
    page = client.get(reverse("insights:centre")).content.decode()
    assert ">4<" not in page and ">3<" not in page
