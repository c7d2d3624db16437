"""No public or staff page is wider than a 360 px phone (document.documentElement.scrollWidth): wide tables scroll
inside their own labelled region, long words wrap."""

import pytest

from tests.fixtures.browser import Journey

PHONE = {"width": 360, "height": 640}
PUBLIC = [
    "/fr/",
    "/en/",
    "/fr/search/",
    "/fr/search/?where=H2X+1Y4",
    "/en/search/?where=H2X+1Y4&radius=10&language=en&kind=orientation",
    "/fr/search/?where=Saint-Michel",
    "/fr/eligibility/",
    "/en/eligibility/",
    "/fr/eligibility/simulator/?employment=employed",
    "/fr/eligibility/questions/",
    "/fr/guides/",
    "/fr/guides/start/",
    "/fr/about/",
    "/en/privacy/",
    "/fr/insights/what-we-record/",
    "/api/v1/docs",
    "/fr/accounts/login/",
    "/fr/portal/my-data/",
    "/fr/no-such-page/",
]
STAFF = ["/fr/portal/", "/fr/portal/network/", "/fr/portal/listing/", "/fr/funding/", "/fr/funding/network/"]
STAFF += ["/fr/insights/", "/fr/insights/centre/", "/en/portal/", "/fr/admin/"]


def too_wide(page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    return [f"{path} ({page.url}): {width} px"] if width > PHONE["width"] else []


def links(page, start: str, selector: str, limit: int) -> list[str]:
    page.goto(start)
    hrefs = [a.get_attribute("href") for a in page.locator(selector).all()]
    return [h for h in dict.fromkeys(hrefs) if h and not h.endswith((".csv", ".xlsx"))][:limit]


def test_no_public_page_is_wider_than_a_phone(browser, site_url):
    context = browser.new_context(viewport=PHONE, base_url=site_url)
    try:
        page = context.new_page()
        paths = PUBLIC + links(page, "/fr/search/?where=H2X+1Y4", "article.result h3 a", 2)
        paths += links(page, "/fr/guides/", "main a[href^='/fr/guides/']", 4)
        wide = [problem for path in paths for problem in too_wide(page, path)]
        assert not wide, wide
    finally:
        context.close()


@pytest.mark.parametrize("email", ["manager@example.org", "admin@example.org"])
def test_no_staff_page_is_wider_than_a_phone(browser, site_url, staff_login, email):
    context = browser.new_context(viewport=PHONE, base_url=site_url)
    try:
        page = context.new_page()
        staff_login(Journey(page, site_url, "width"), email)
        paths = STAFF + links(page, "/fr/funding/", "main a[href*='/funding/']", 10)
        paths += links(page, "/fr/portal/", "main a[href*='/portal/requests/']", 1)
        paths += links(page, "/fr/portal/listing/", "main a[href*='/portal/listing/']", 3)
        wide = [problem for path in paths for problem in too_wide(page, path)]
        assert not wide, wide
    finally:
        context.close()
