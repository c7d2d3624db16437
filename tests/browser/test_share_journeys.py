"""Pages that travel (issue 16): a person shares a centre from a phone, with and without JavaScript, follows a short
link, and a partner prints a poster. axe checks every page; no page is wider than 360 px."""

import re

from playwright.sync_api import expect

PHONE_WIDTH = 360
# The share sheet of a phone, where the test browser has none: records what the page asked to share.
FAKE_SHARE = (
    "window.__shared = []; navigator.share = (data) => { window.__shared.push(data); return Promise.resolve(); };"
)


def first_point(journey) -> str:
    journey.goto("/fr/region/01/")
    href = journey.page.locator("main article a[href*='/point/']").first.get_attribute("href")
    return re.sub(r"\?.*", "", href)


def fits_a_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_a_person_shares_a_centre_from_a_phone(journey_factory):
    journey = journey_factory(viewport="phone")
    page = journey.page
    page.add_init_script(FAKE_SHARE)
    path = first_point(journey)
    journey.assert_accessible()
    fits_a_phone(page)
    journey.goto(path)
    share = page.locator("#share-native")
    expect(share).to_be_visible()
    link = page.locator("#share-link").input_value()
    assert re.fullmatch(r"http://[^/]+/c/[a-z2-7]{10}", link)
    share.click()
    shared = page.evaluate("window.__shared")
    assert shared and shared[0]["url"] == link
    journey.assert_accessible()
    fits_a_phone(page)
    journey.shot("share")
    # The short link opens the same page, in the person's language, saying where the visit came from.
    journey.goto("/" + link.split("/", 3)[3])
    assert page.url.endswith(path + "?via=share")
    expect(page.locator("h1")).to_be_visible()


def test_without_javascript_the_link_can_be_copied_mailed_or_texted(nojs_journey):
    page = nojs_journey.page
    path = first_point(nojs_journey)
    nojs_journey.goto(path)
    expect(page.locator("#share-native")).to_be_hidden()
    expect(page.locator("#share-copy")).to_be_hidden()
    field = page.get_by_label("Lien à copier")
    expect(field).to_be_visible()
    assert field.get_attribute("readonly") is not None
    assert page.get_by_role("link", name="Envoyer par courriel").get_attribute("href").startswith("mailto:?subject=")
    assert page.get_by_role("link", name="Envoyer par texto").get_attribute("href").startswith("sms:?&body=")
    nojs_journey.assert_accessible()
    nojs_journey.shot("share-nojs")


def test_a_partner_prints_a_poster_with_a_campaign_tag(journey_factory):
    journey = journey_factory(viewport="phone", javascript=False)
    page = journey.page
    path = first_point(journey)
    journey.goto(path)
    page.get_by_role("link", name="Imprimer une affiche ou des cartes").click()
    expect(page.locator("h1")).to_contain_text("Imprimer une affiche")
    journey.assert_accessible()
    fits_a_phone(page)
    page.get_by_label("Étiquette de campagne (facultative)").fill("Bibliothèque!")
    page.get_by_role("button", name="Utiliser cette étiquette dans les liens ci-dessous").click()
    expect(page.locator("[role=alert]")).to_be_visible()
    journey.assert_accessible()
    page.get_by_label("Étiquette de campagne (facultative)").fill("bibliotheque-2027")
    page.get_by_role("button", name="Utiliser cette étiquette dans les liens ci-dessous").click()
    href = page.get_by_role("link", name=re.compile("^Français et anglais")).first.get_attribute("href")
    assert href.endswith("poster-both.pdf?campaign=bibliotheque-2027")
    response = page.request.get(journey.base_url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    journey.shot("poster-choice")
