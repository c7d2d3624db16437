"""Browser journeys of the funding issue (Playwright + axe) on the lead's gunicorn server with the sample data.

The grid needs no JavaScript; the tab keeps it on only because Playwright's evaluate() and axe need it.
"""

import re

import pytest

pytestmark = pytest.mark.browser


def _first_centre_path(journey, link_name: str) -> str:
    journey.goto("/fr/funding/")
    href = journey.page.get_by_role("link", name=link_name).first.get_attribute("href")
    assert href
    return href


def test_it_lets_a_counsellor_enter_a_week_with_the_keyboard_alone(journey_factory, staff_login):
    journey = journey_factory(viewport="phone", javascript=True, suffix="-counsellor")
    page = journey.page
    staff_login(journey, "counsellor@example.org")
    week = _first_centre_path(journey, "Saisir ma semaine")
    journey.goto(week + "?week=2030-01-07")  # a week far from the sample records, so the grid starts empty
    journey.assert_accessible()
    for _ in range(80):  # Tab from the top of the page until the first day of the first row has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "r0-d0":
            break
    else:
        pytest.fail("the first cell of the grid is not reachable with Tab")
    page.keyboard.type("1:30")
    page.keyboard.press("Tab")
    page.keyboard.type("45")
    assert page.evaluate("document.activeElement.id") == "r0-d1"
    journey.shot("week-typed")
    for _ in range(200):  # on to the save button, then Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit" and page.evaluate(
            "document.activeElement.closest('form').classList.contains('week-form')"
        ):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#r0-d0").input_value() == "1:30"
    assert page.locator("#r0-d1").input_value() == "0:45"
    journey.shot("week-saved")
    journey.assert_accessible()


def test_it_lets_a_manager_produce_the_quarter_and_download_it(journey_factory, staff_login):
    journey = journey_factory(viewport="desktop", javascript=True, suffix="-manager")
    page = journey.page
    staff_login(journey, "manager@example.org")
    report = _first_centre_path(journey, "Rapport de l'organisme")
    journey.goto(report)
    with page.expect_navigation():
        page.get_by_role("link", name="Trimestre précédent").click()
    assert re.search(r"start=\d{4}-\d{2}-01", page.url)
    assert page.locator("svg.funding-chart").count() >= 1
    journey.shot("report")
    journey.assert_accessible()
    for name, suffix in (("Télécharger en CSV", ".csv"), ("Télécharger le chiffrier (XLSX)", ".xlsx")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename.endswith(suffix)
