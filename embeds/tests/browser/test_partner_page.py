"""A partner's page on another origin embeds the finder with the snippet the staff page writes: a person searches in
the frame, follows a result to the full site in a new tab; the frame fits its content, sets no cookie, passes axe,
works without JavaScript, and the network's figures count the partner by name."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from bench.server import free_port
from tests.fixtures.browser import ARTIFACTS, AXE_TAGS, VIEWPORTS, manage

PARTNER_HOST = "127.0.0.2"  # another loopback origin than the site's 127.0.0.1


@pytest.fixture
def partner_url(site_url, tmp_path) -> Iterator[str]:
    """A partner's page with the snippet, served by a plain HTTP server of its own on 127.0.0.2."""
    from embeds.options import EmbedOptions
    from embeds.views import snippet_for

    with override_settings(SITE_URL=site_url):
        _path, code = snippet_for(EmbedOptions(host="bibliotheque.example", clientele="youth"), "fr")
    page = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Bibliothèque municipale</title></head>
<body><main><h1>Bibliothèque municipale : emploi</h1>{code}</main></body></html>"""
    Path(tmp_path, "emploi.html").write_text(page, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    port = free_port()
    server = http.server.ThreadingHTTPServer((PARTNER_HOST, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{PARTNER_HOST}:{port}/emploi.html"
    server.shutdown()
    server.server_close()


def tab(browser, site_url: str, partner_url: str, *, javascript: bool = True):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=javascript, locale="fr-CA")
    allowed = {urlsplit(site_url).netloc, urlsplit(partner_url).netloc}
    blocked: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).netloc in allowed:
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    return context, blocked


def visit_counts(e2e_env) -> dict:
    code = ("import json; from insights.models import VisitCount; "
            "print(json.dumps({f'{v.source}|{v.key}': v.count for v in VisitCount.objects.all()}))")  # fmt: skip
    return json.loads(manage(e2e_env, "shell", "-c", code).strip().splitlines()[-1])


def test_a_partner_page_embeds_the_finder_and_sends_people_to_the_site(browser, site_url, partner_url, e2e_env):
    before = visit_counts(e2e_env)
    context, blocked = tab(browser, site_url, partner_url)
    try:
        page = context.new_page()
        page.goto(partner_url)
        frame_element = page.locator("iframe[data-trouve-embed]")
        frame = page.frame_locator("iframe[data-trouve-embed]")
        frame.get_by_label("Code postal ou municipalité").fill("Rimouski")
        frame.get_by_role("button", name="Rechercher", exact=True).click()
        frame.locator("#embed-results-title").wait_for()
        # resize.js fitted the frame to its content (frame.js posted the height).
        page.wait_for_function("() => document.querySelector('iframe[data-trouve-embed]').style.height !== ''")
        assert frame_element.evaluate("f => f.getBoundingClientRect().height") >= 200
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "embed-partner-page-results.png"), full_page=True)
        first = frame.locator(".embed-card h3 a").first
        name = first.inner_text().split("(")[0].strip()
        with context.expect_page() as opened:
            first.click()
        full = opened.value
        full.wait_for_load_state()
        assert full.url.startswith(site_url) and "/fr/point/" in full.url and "via=embed" in full.url
        assert full.evaluate("() => window.opener") is None  # rel="noopener"
        assert name in full.locator("h1").inner_text()
        assert page.url == partner_url  # the partner's page stays where it was
        assert not context.cookies(), "the embedded finder set a cookie"
        assert not blocked, blocked
    finally:
        context.close()
    expected = {"embed_shown|bibliotheque.example": 1, "embed_search|bibliotheque.example": 1,
                "embed|bibliotheque.example": 1}  # fmt: skip
    manage(e2e_env, "drain_events")  # without Redis this writes nothing more; the counts were written after each answer
    after = visit_counts(e2e_env)
    assert {key: after.get(key, 0) - before.get(key, 0) for key in expected} == expected


def test_the_embedded_finder_works_without_javascript(browser, site_url, partner_url):
    context, blocked = tab(browser, site_url, partner_url, javascript=False)
    try:
        page = context.new_page()
        page.goto(partner_url)
        frame = page.frame_locator("iframe[data-trouve-embed]")
        frame.get_by_label("Code postal ou municipalité").fill("Rimouski")
        frame.get_by_role("button", name="Rechercher", exact=True).click()
        frame.locator("#embed-results-title").wait_for()
        assert frame.locator(".embed-card").count() >= 1
        assert not context.cookies() and not blocked
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["blue", "green", "purple", "charcoal"])
def test_every_theme_passes_axe(browser, site_url, theme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="fr-CA")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/fr/embed/results/?where=Rimouski&theme={theme}")
        page.wait_for_function("() => getComputedStyle(document.body).fontFamily.includes('system-ui')")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = results.response["violations"]
        assert not violations, [(v["id"], v["nodes"][0]["target"]) for v in violations]
    finally:
        context.close()
