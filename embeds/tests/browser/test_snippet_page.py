"""A centre's manager writes the snippet for their own listing: the preview shows the frame, the code is ready to
copy, and the page passes axe; the preview never counts as a partner's visit."""

from tests.fixtures.browser import ARTIFACTS


def test_a_manager_gets_the_snippet_for_their_own_listing(journey_factory, staff_login):
    manager = journey_factory(viewport="desktop")
    staff_login(manager, "manager@example.org", start="/fr/accounts/login/?next=/fr/embed/snippet/")
    page = manager.page
    manager.goto("/fr/embed/snippet/")
    choices = page.locator("#id_organization option")
    assert 1 <= choices.count() <= 2  # the demo manager's two sample organisations, nothing else
    page.select_option("#id_organization", index=0)
    page.select_option("#id_theme", "green")
    page.fill("#id_host", "www.ville.example")
    page.get_by_role("button", name="Afficher l’aperçu et le code").click()
    code = page.locator("#embed-code").input_value()
    assert "/fr/embed/?host=ville.example&theme=green&org=" in code and "/embed.js" in code
    frame = page.frame_locator("iframe[data-trouve-embed]")
    frame.get_by_label("Code postal ou municipalité").wait_for()
    manager.assert_accessible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-snippet-page.png"), full_page=True)
