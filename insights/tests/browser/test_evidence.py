"""The public evidence page, in French and English, on a phone and a desktop: closed periods only, the tables, the
CSV, the printable version; axe finds no violation. Screenshots go to test-artifacts/screenshots/."""

import csv
import io

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_shows_the_evidence_to_anyone(journey, language):
    page = journey.page
    journey.goto(f"/{language}/insights/evidence/")
    title = {"fr": "L’accès aux services publics d’emploi, région par région",
             "en": "Access to public employment services, region by region"}[language]  # fmt: skip
    assert page.locator("h1").inner_text() == title
    assert page.locator(".sample-badge").count() == 1  # the sample install's figures say so
    assert page.locator("#table-regions tbody tr").count() == 17
    assert page.locator("#table-unpaid").count() == 1
    assert page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    full = journey.shot(f"evidence-{language}")
    page.screenshot(path=str(full).replace(".png", "-first-screen.png"))  # what one sees first, at real size
    page.locator("#table-unpaid").scroll_into_view_if_needed()
    page.screenshot(path=str(full).replace(".png", "-unpaid-screen.png"))
    journey.assert_accessible()
    with page.expect_download() as download_info:
        page.locator(".actions a").first.click()
    lines = list(csv.DictReader(io.StringIO(open(download_info.value.path(), encoding="utf-8-sig").read())))
    assert {line["sample_data"] for line in lines} == {"1"}
    assert all(int(line["value"]) % 5 == 0 for line in lines if line["table"] == "regions" and line["value"].isdigit())
    page.locator(".actions a").nth(1).click()
    page.wait_for_url("**/evidence/print/**")
    assert page.locator("select[name=period]").count() == 0
    journey.shot(f"evidence-print-{language}")
