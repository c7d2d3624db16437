"""From "found it" to "someone calls me back": a person sends a request from a service point page and sees the
reference; a counsellor logs in with two factors, finds the request and marks it contacted; a manager confirms the
listing. In French and in English; axe checks each page."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import manage

TEXT = {
    "fr": {
        "sent": "Votre demande a été envoyée",
        "contacted": "Contactée",
        "save": "Enregistrer le statut",
        "listing": "Notre fiche",
        "verified": "vérifiée aujourd'hui",
    },
    "en": {
        "sent": "Your request was sent",
        "contacted": "Contacted",
        "save": "Save the status",
        "listing": "Our listing",
        "verified": "verified today",
    },
}


@pytest.fixture(scope="module")
def counsellors_point(e2e_env) -> int:
    code = (
        "from accounts.sample import sample_organizations as s; "
        "print(s()[0].services.first().service_at_locations.first().pk)"
    )
    return int(manage(e2e_env, "shell", "--no-imports", "-c", code).strip().splitlines()[-1])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_takes_a_request_from_the_person_to_the_counsellor(journey_factory, staff_login, counsellors_point, lang):
    text = TEXT[lang]
    person = journey_factory(viewport="phone", suffix=f"-person-{lang}")
    page = person.page
    person.goto(f"/{lang}/point/{counsellors_point}/")
    person.assert_accessible()
    page.locator(f"a[href*='/portal/request/{counsellors_point}/']").first.click()
    expect(page.locator("#id_name")).to_be_visible()
    person.assert_accessible()
    page.fill("#id_name", f"Journey person {lang}")
    page.fill("#id_email", f"journey.{lang}@example.org")
    page.check("#id_consent")
    person.shot("request-form")
    page.locator("form.request-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(text["sent"])
    reference = page.locator("#reference").inner_text().strip()
    assert reference.startswith("TTX-")
    person.assert_accessible()
    person.shot("reference")

    counsellor = journey_factory(viewport="desktop", suffix=f"-counsellor-{lang}")
    staff_login(counsellor, "counsellor@example.org", start=f"/{lang}/accounts/login/")
    counsellor.goto(f"/{lang}/portal/")
    counsellor.assert_accessible()
    counsellor.page.get_by_role("link", name=reference).click()
    expect(counsellor.page.locator("#id_status")).to_be_visible()
    counsellor.assert_accessible()
    counsellor.page.select_option("#id_status", "contacted")
    counsellor.page.get_by_role("button", name=text["save"]).click()
    expect(counsellor.page.locator("#current-status")).to_contain_text(text["contacted"])
    counsellor.shot("contacted")

    manager = journey_factory(viewport="phone", suffix=f"-manager-{lang}")
    staff_login(manager, "manager@example.org", start=f"/{lang}/accounts/login/")
    manager.goto(f"/{lang}/portal/")
    manager.page.get_by_role("link", name=text["listing"]).first.click()
    expect(manager.page.locator("button[id^=confirm-listing-]").first).to_be_visible()
    manager.assert_accessible()
    manager.page.locator("button[id^=confirm-listing-]").first.click()
    expect(manager.page.locator("body")).to_contain_text(text["verified"])
    manager.shot("listing-confirmed")


def tab_to(page, locator, presses: int = 80) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would (fails if it never does)."""
    for _ in range(presses):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(locator).to_be_focused()


def test_a_keyboard_alone_sends_a_request(journey_factory, counsellors_point):
    person = journey_factory(viewport="phone", suffix="-keyboard")
    page = person.page
    person.goto(f"/en/point/{counsellors_point}/")
    tab_to(page, page.locator(f"a[href*='/portal/request/{counsellors_point}/']").first)
    page.keyboard.press("Enter")
    tab_to(page, page.locator("#id_name"))
    page.keyboard.type("Keyboard person")
    tab_to(page, page.locator("#id_email"))
    page.keyboard.type("keyboard.person@example.org")
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_to(page, page.locator("form.request-form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(TEXT["en"]["sent"])
    assert page.locator("#reference").inner_text().strip().startswith("TTX-")
    person.shot("keyboard-reference")
