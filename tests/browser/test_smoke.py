"""The site answers in a real browser, in both languages, and the language switch keeps the page."""


def test_it_serves_the_home_page_in_french_then_english(journey):
    journey.goto("/fr/")
    assert journey.page.locator("html").get_attribute("lang") == "fr"
    journey.shot("home-fr")
    journey.assert_accessible()
    journey.page.get_by_role("link", name="English").click()
    assert journey.page.url.endswith("/en/")
    assert journey.page.locator("html").get_attribute("lang") == "en"
    journey.shot("home-en")
    journey.assert_accessible()


def test_it_redirects_the_root_to_a_language(nojs_journey):
    nojs_journey.goto("/")
    assert "/fr/" in nojs_journey.page.url
