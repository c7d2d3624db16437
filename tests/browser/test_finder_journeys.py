"""A person finds the nearest centre: from the home page to a service point, in French and English, on a phone and
a desktop, with and without JavaScript, and with the keyboard alone. axe checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

SEARCH = {"fr": "Rechercher", "en": "Search"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_finds_a_centre_from_the_home_page(journey, lang):
    page = journey.page
    journey.goto(f"/{lang}/")
    journey.assert_accessible()
    journey.shot("home")
    form = page.locator("main form.search-form").first
    form.locator("input[name=where]").fill("chicoutimi")
    form.get_by_role("button", name=SEARCH[lang], exact=True).click()
    expect(page.locator("#results-title")).to_contain_text("Chicoutimi")
    cards = page.locator("article.card.result")
    expect(cards.first).to_be_visible()
    distances = [
        float(re.sub(r"[^0-9.]", "", t.replace(",", "."))) for t in page.locator(".distance").all_inner_texts()
    ]
    assert distances == sorted(distances), "nearest first"
    assert page.locator("a[href^='tel:']").count() > 0
    journey.assert_accessible()
    journey.shot("results")
    # The language switch keeps the search.
    other = "en" if lang == "fr" else "fr"
    page.locator(f".lang-switch a[hreflang={other}]").click()
    assert f"/{other}/search/" in page.url and "where=chicoutimi" in page.url
    expect(page.locator("#results-title")).to_contain_text("Chicoutimi")
    page.go_back()
    cards.first.locator("h3 a").click()
    expect(page.locator("h1")).to_be_visible()
    assert "/point/" in page.url or "/org/" in page.url
    journey.assert_accessible()
    journey.shot("detail")


def test_it_searches_without_javascript(nojs_journey):
    page = nojs_journey.page
    nojs_journey.goto("/fr/search/")
    page.locator("input[name=where]").fill("H2X 1Y4")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    expect(page.locator("article.card.result").first).to_be_visible()
    nojs_journey.shot("results-nojs")
    nojs_journey.assert_accessible()


def test_it_never_ends_in_a_dead_end(nojs_journey):
    page = nojs_journey.page
    nojs_journey.goto("/fr/search/?where=H0H+0H0")
    expect(page.locator(".error-summary")).to_be_visible()
    nojs_journey.goto("/en/search/?where=chicoutimy")
    expect(page.locator(".suggestions a", has_text="Chicoutimi")).to_be_visible()
    page.locator(".suggestions a", has_text="Chicoutimi").first.click()
    expect(page.locator("article.card.result").first).to_be_visible()
    nojs_journey.shot("suggestion-followed")


def test_it_is_usable_with_the_keyboard_alone(journey_factory):
    journey = journey_factory(viewport="desktop")
    page = journey.page
    journey.goto("/fr/search/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    field = page.locator("input[name=where]")
    for _ in range(15):
        if field.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(field).to_be_focused()
    page.keyboard.type("Trois-Rivières")
    page.keyboard.press("Enter")  # submits the form
    expect(page.locator("article.card.result").first).to_be_visible()
    journey.shot("keyboard-results")


ANSWERS = {
    "fr": ("J'ai un emploi", "Aucun soutien public du revenu"),
    "en": ("I have a job", "No public income support"),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_shows_where_the_person_can_be_served(journey_factory, lang):
    journey = journey_factory(viewport="phone", suffix=f"-{lang}")
    page = journey.page
    journey.goto(f"/{lang}/eligibility/questions/?next=/{lang}/search/%3Fwhere%3DLaval")
    job, no_support = ANSWERS[lang]
    page.get_by_label(job, exact=True).check()
    page.get_by_label(no_support).check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/{lang}/search/"))
    expect(page.locator(".decision-status").first).to_be_visible()
    journey.shot("eligibility-results")
    journey.assert_accessible()
