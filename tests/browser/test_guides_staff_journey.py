"""The association's staff write a guide without a developer: create it as a draft, preview it, publish it, revise
it; a visitor never sees the draft. The public guide pages pass axe."""

import re

import pytest
from playwright.sync_api import expect


def test_it_lets_staff_create_preview_publish_and_revise_a_guide(journey_factory, staff_login):
    editor = journey_factory(viewport="desktop", suffix="-editor")
    page = editor.page
    staff_login(editor, "admin@example.org")
    editor.goto("/fr/admin/guides/guide/add/")
    page.fill("#id_title_fr", "Trouver un stage en entreprise")  # the slug is filled from it
    page.fill("#id_summary_fr", "Comment trouver un stage, étape par étape.")
    page.fill("#id_body_fr", "## Par où commencer\n\n- Faites la liste de vos intérêts.\n- Parlez à une conseillère.")
    page.fill("#id_title_en", "Finding an internship")
    page.fill("#id_summary_en", "How to find an internship, step by step.")
    page.fill("#id_body_en", "## Where to start\n\n- List what interests you.\n- Talk to a counsellor.")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist, .success").first).to_be_visible()
    editor.shot("draft-saved")

    editor.goto("/fr/guides/trouver-un-stage-en-entreprise/preview/")
    expect(page.locator("main")).to_contain_text("Par où commencer")
    editor.shot("preview")

    visitor = journey_factory(viewport="phone", suffix="-visitor")
    response = visitor.goto("/fr/guides/trouver-un-stage-en-entreprise/")
    assert response.status == 404

    editor.goto("/fr/admin/guides/guide/")
    page.locator("tr", has_text="Trouver un stage en entreprise").locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    response = visitor.goto("/fr/guides/trouver-un-stage-en-entreprise/")
    assert response.status == 200
    expect(visitor.page.locator("h1")).to_have_text("Trouver un stage en entreprise")
    visitor.assert_accessible()
    visitor.shot("published")

    editor.goto("/fr/admin/guides/guide/")
    page.get_by_role("link", name="Trouver un stage en entreprise").click()
    page.fill("#id_body_fr", "## Par où commencer\n\n- Faites la liste de vos intérêts.\n- Consultez un centre.")
    page.locator("input[name=_continue]").click()
    expect(page.locator("body")).to_contain_text(re.compile("révision|revision", re.IGNORECASE))
    visitor.goto("/fr/guides/trouver-un-stage-en-entreprise/")
    expect(visitor.page.locator("main")).to_contain_text("Consultez un centre")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_serves_every_starter_guide_accessibly(journey, lang):
    journey.goto(f"/{lang}/guides/")
    journey.assert_accessible()
    links = journey.page.locator(f"main a[href^='/{lang}/guides/']").evaluate_all("els => els.map(e => e.pathname)")
    guides = sorted({path for path in links if path.count("/") == 4 and not path.endswith("/start/")})
    assert len(guides) >= 10, guides
    for path in guides:
        journey.goto(path)
        journey.assert_accessible()
    journey.shot("last-guide")
