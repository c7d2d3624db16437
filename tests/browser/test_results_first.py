"""Results first, on a 360 × 640 phone: after a search from the home page, the first result's name and phone are
in view without scrolling and the results heading has focus (announced by screen readers), in French and English."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 640}
SEARCH = {"fr": "Rechercher", "en": "Search"}


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"] and box["x"] >= 0


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_leads_with_the_first_result_on_a_small_phone(browser, site_url, lang):
    context = browser.new_context(viewport=PHONE, locale="fr-CA" if lang == "fr" else "en-CA", base_url=site_url)
    try:
        page = context.new_page()
        page.goto(f"/{lang}/")
        form = page.locator("main form.search-form").first
        form.locator("input[name=where]").fill("G5L 3A1")
        form.get_by_role("button", name=SEARCH[lang], exact=True).click()
        heading = page.locator("#results-title")
        expect(heading).to_contain_text("Rimouski")
        expect(heading).to_be_focused()
        first = page.locator("article.card.result").first
        name, phone = first.locator("h3 a"), first.locator("a[href^='tel:']").first
        expect(name).to_be_visible()
        assert in_viewport(page, name), "the first result's name is below the fold"
        assert in_viewport(page, phone), "the first result's phone is below the fold"
        assert page.evaluate("window.scrollY") == 0, "the page had to scroll to show them"
        # The whole search form is not on the results page: a one-line summary links to it, filled in.
        assert page.locator("main form.search-form").count() == 0
        page.locator(".search-summary a").click()
        expect(page.locator("input[name=where]")).to_have_value("G5L 3A1")
    finally:
        context.close()


def test_twenty_compact_results_make_a_reasonable_page(browser, site_url):
    context = browser.new_context(viewport=PHONE, base_url=site_url)
    try:
        page = context.new_page()
        page.goto("/fr/search/?where=H2X+1Y4&radius=200")
        assert page.locator("ol.results > li").count() == 20
        height = page.evaluate("document.documentElement.scrollHeight")
        # 22,000 px before the compact cards: each card is now about a phone screen's third.
        assert height < 8000, height
    finally:
        context.close()
