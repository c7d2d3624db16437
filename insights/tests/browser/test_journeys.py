"""An analyst (here the demo network administrator) opens the dashboard, filters a region and a period, downloads
the CSV and opens the printable summary; axe finds no violation on these pages."""

import csv
import io

import pytest

pytestmark = pytest.mark.browser


def test_it_lets_an_analyst_filter_and_download(journey, staff_login):
    staff_login(journey, "admin@example.org", start="/fr/insights/")
    page = journey.page
    assert page.locator("h1").inner_text() == "Portrait pour le réseau"
    assert page.locator(".sample-badge").count() == 1
    journey.shot("dashboard")
    journey.assert_accessible()
    page.select_option("select[name=region]", "06")
    year = page.locator("select[name=period] option").first.get_attribute("value")  # the last closed year
    page.select_option("select[name=period]", year)
    page.locator(".insights-filters button[type=submit]").click()
    page.wait_for_url("**region=06**")
    assert "Montréal" in page.locator("#table-regions").inner_text()
    journey.shot("filtered")
    journey.assert_accessible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger tous les tableaux (CSV)").click()
    content = open(download_info.value.path(), encoding="utf-8-sig").read()
    lines = list(csv.DictReader(io.StringIO(content)))
    assert lines and {"table", "row", "column", "value", "suppressed"} <= set(lines[0])
    for line in lines:
        if line["value"].isdigit():
            assert int(line["value"]) == 0 or int(line["value"]) >= 10
            assert int(line["value"]) % 5 == 0  # randomly rounded to base 5
    page.get_by_role("link", name="Sommaire d'une page à imprimer").click()
    journey.shot("summary")
    journey.assert_accessible()
