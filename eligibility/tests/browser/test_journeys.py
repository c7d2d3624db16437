"""Journeys on the géométrie-variable page, the simulator and the questionnaire, in French and English, checked
with axe (WCAG 2.2 AA), at phone and desktop sizes, with and without JavaScript.

axe needs JavaScript in the page (it hangs in a JavaScript-disabled tab), so the no-JS journeys are checked by
opening the page they reached in a JavaScript-enabled phone tab.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def check_accessible(journey_factory, url: str) -> None:
    checker = journey_factory(viewport="phone", javascript=True, suffix="-axe")
    checker.page.goto(url)
    checker.assert_accessible()


@pytest.mark.parametrize(
    ("lang", "heading", "badge"),
    [("fr", "Qui peut être servi, région par région", "Règles illustratives"),
     ("en", "Who can be served, region by region", "Illustrative rules")],
)  # fmt: skip
def test_it_shows_the_regions_table_and_map(journey, lang, heading, badge):
    journey.goto(f"/{lang}/eligibility/")
    page = journey.page
    assert page.locator("h1").inner_text() == heading
    expect(page.get_by_text(badge, exact=True).first).to_be_visible()
    assert page.locator("table.region-table tbody tr").count() == 17
    assert page.locator("svg .map-region path").count() == 17
    journey.shot(f"regions-{lang}")
    journey.assert_accessible()


@pytest.mark.parametrize(
    ("lang", "employed", "no_support", "submit", "why", "summary"),
    [
        ("fr", "J'ai un emploi", "Aucun soutien public du revenu", "Voir le résultat dans chaque région",
         "Pourquoi\u00a0?", "Accès universel\u00a0: admissible dans 17 régions"),
        ("en", "I have a job", "No public income support", "See the result in every region", "Why?",
         "Universal access: eligible in 17 regions"),
    ],
)  # fmt: skip
def test_it_simulates_a_profile_without_javascript(
    nojs_journey, journey_factory, lang, employed, no_support, submit, why, summary
):
    nojs_journey.goto(f"/{lang}/eligibility/simulator/")
    page = nojs_journey.page
    page.get_by_label(employed, exact=True).check()
    page.get_by_label(no_support, exact=True).check()
    page.get_by_role("button", name=submit).first.click()
    assert "employment=employed" in page.url
    expect(page.get_by_text(summary)).to_be_visible()
    first_why = page.locator("details.decision-why").first
    first_why.locator("summary").click()
    assert first_why.get_attribute("open") is not None
    expect(page.get_by_text(why).first).to_be_visible()
    nojs_journey.shot(f"simulator-{lang}")
    check_accessible(journey_factory, page.url)


def test_it_explains_contradictory_answers(nojs_journey, journey_factory):
    nojs_journey.goto("/en/eligibility/simulator/?employment=employed&employment=no_job")
    page = nojs_journey.page
    expect(page.get_by_role("alert").get_by_text("cannot be combined")).to_be_visible()
    nojs_journey.shot("simulator-error")
    check_accessible(journey_factory, page.url)


def test_it_keeps_the_questionnaire_for_the_visit_and_forgets_it(nojs_journey, journey_factory):
    nojs_journey.goto("/fr/eligibility/questions/")
    page = nojs_journey.page
    check_accessible(journey_factory, page.url)
    page.get_by_label("J'ai un emploi précaire ou à temps partiel").check()
    page.get_by_role("button", name="Utiliser ces réponses").click()
    expect(page.get_by_text("Vos réponses sont gardées pour cette visite seulement.")).to_be_visible()
    expect(page.get_by_label("J'ai un emploi précaire ou à temps partiel")).to_be_checked()
    nojs_journey.shot("questionnaire-saved")
    page.get_by_role("button", name="Oublier mes réponses").click()
    expect(page.get_by_label("J'ai un emploi précaire ou à temps partiel")).not_to_be_checked()
