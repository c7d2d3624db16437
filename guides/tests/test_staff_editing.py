"""Staff create, preview, publish and revise a guide in the admin; every save leaves a revision."""

import pytest

from guides.editing import revision_create
from guides.models import Guide, GuideRevision
from tests.fixtures.accounts import verified_login
from tests.fixtures.guides import make_guide

ADD_URL = "/fr/admin/guides/guide/add/"


def form_data(**overrides) -> dict:
    data = {
        "title_fr": "Trouver un stage",
        "title_en": "Finding an internship",
        "slug": "trouver-un-stage",
        "summary_fr": "Comment trouver un stage.",
        "summary_en": "How to find an internship.",
        "body_fr": "## Étapes\n\n- Chercher des stages\n",
        "body_en": "## Steps\n\n- Look for internships\n",
        "source_language": "fr",
        "status": "draft",
        "reviewed_on": "2026-11-20",
        "reviewer": "Edith",
        "finder_query": "clientele=youth",
        "position": "100",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def change_url(guide: Guide) -> str:
    return f"/fr/admin/guides/guide/{guide.pk}/change/"


@pytest.mark.django_db
def test_it_lets_an_editor_create_a_draft_that_the_public_cannot_see(client, guide_editor):
    verified_login(client, guide_editor)
    response = client.post(ADD_URL, form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    guide = Guide.objects.get(slug="trouver-un-stage")
    assert guide.status == Guide.Status.DRAFT
    assert guide.revisions.count() == 1
    revision = guide.revisions.get()
    assert revision.author == guide_editor
    assert revision.snapshot["body_fr"].startswith("## Étapes")
    assert guide.content_updated_fr and guide.content_updated_en

    client.logout()
    assert client.get("/fr/guides/trouver-un-stage/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["situation=returning", "clientele=nobody", "colour=red", "age=12"])
def test_it_refuses_a_finder_search_the_finder_would_ignore_and_names_it(client, guide_editor, query):
    verified_login(client, guide_editor)
    response = client.post(ADD_URL, form_data(finder_query=query))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["finder_query"]
    assert query in errors[0]
    assert not Guide.objects.filter(slug="trouver-un-stage").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")
def test_every_bundled_guide_offers_a_finder_search_the_finder_understands():
    from finder.forms import search_params

    queries = [query for query in Guide.objects.values_list("finder_query", flat=True) if query]
    assert queries
    for query in queries:
        assert len(search_params(query)) == query.count("="), query


@pytest.mark.django_db
def test_it_shows_a_draft_to_staff_in_preview(client, guide_editor):
    guide = make_guide(status="draft", title_fr="Brouillon secret")
    verified_login(client, guide_editor)
    response = client.get(f"/fr/guides/{guide.slug}/preview/")
    assert response.status_code == 200
    assert "Brouillon secret" in response.text
    assert 'name="robots" content="noindex' in response.text
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_it_refuses_the_preview_to_the_public_and_to_staff_without_the_permission(client, django_user_model):
    guide = make_guide(status="draft")
    response = client.get(f"/fr/guides/{guide.slug}/preview/")
    assert response.status_code == 302 and "/admin/login/" in response.headers["Location"]
    other = django_user_model.objects.create_user(username="o", email="o@example.org", password="x" * 14, is_staff=True)
    verified_login(client, other)
    assert client.get(f"/fr/guides/{guide.slug}/preview/").status_code == 403


@pytest.mark.django_db
def test_it_lets_a_publisher_publish_then_revise_a_guide(client, guide_publisher):
    verified_login(client, guide_publisher)
    client.post(ADD_URL, form_data())
    guide = Guide.objects.get(slug="trouver-un-stage")

    response = client.post(
        "/fr/admin/guides/guide/", {"action": "publish", "_selected_action": [guide.pk]}, follow=True
    )
    assert response.status_code == 200
    guide.refresh_from_db()
    assert guide.status == Guide.Status.PUBLISHED and guide.published_at is not None
    assert client.get("/fr/guides/trouver-un-stage/").status_code == 200

    response = client.post(
        change_url(guide), form_data(status="published", body_fr="## Étapes\n\n- Appeler trois employeurs\n")
    )
    assert response.status_code == 302
    client.logout()
    assert "Appeler trois employeurs" in client.get("/fr/guides/trouver-un-stage/").text
    notes = list(guide.revisions.order_by("created_at", "id").values_list("note", flat=True))
    assert notes == ["created", "published", "body_fr"]
    assert guide.revisions.order_by("-created_at", "-id").first().author == guide_publisher


@pytest.mark.django_db
def test_it_keeps_the_status_out_of_reach_of_an_editor_without_the_publish_permission(client, guide_editor):
    verified_login(client, guide_editor)
    client.post(ADD_URL, form_data(status="published"))
    guide = Guide.objects.get(slug="trouver-un-stage")
    assert guide.status == Guide.Status.DRAFT
    response = client.post("/fr/admin/guides/guide/", {"action": "publish", "_selected_action": [guide.pk]})
    guide.refresh_from_db()
    assert guide.status == Guide.Status.DRAFT
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_it_requires_the_text_in_the_original_language(client, guide_editor):
    verified_login(client, guide_editor)
    response = client.post(ADD_URL, form_data(body_fr="", source_language="fr"))
    assert response.status_code == 200
    assert not Guide.objects.filter(slug="trouver-un-stage").exists()
    response = client.post(ADD_URL, form_data(body_en="", title_en="", summary_en=""))
    assert response.status_code == 302  # the translation may wait


@pytest.mark.django_db
def test_it_stamps_only_the_language_whose_text_changed(client, guide_editor):
    verified_login(client, guide_editor)
    client.post(ADD_URL, form_data())
    guide = Guide.objects.get(slug="trouver-un-stage")
    before_en = guide.content_updated_en
    client.post(change_url(guide), form_data(body_fr="## Nouveau\n\nTexte revu.\n"))
    guide.refresh_from_db()
    assert guide.content_updated_en == before_en
    assert guide.content_updated_fr > before_en


@pytest.mark.django_db
def test_it_shows_the_revision_history_read_only(client, guide_editor):
    verified_login(client, guide_editor)
    client.post(ADD_URL, form_data(body_fr="## Étapes\n\n<script>alert(1)</script>\n"))
    revision = GuideRevision.objects.get(guide__slug="trouver-un-stage")
    response = client.get(f"/fr/admin/guides/guiderevision/{revision.pk}/change/")
    assert response.status_code == 200
    assert "Étapes" in response.text
    assert "<script>alert(1)" not in response.text
    assert client.get(change_url(revision.guide)).status_code == 200


@pytest.mark.django_db
def test_it_puts_an_earlier_version_back_as_a_new_revision(client, guide_editor):
    verified_login(client, guide_editor)
    client.post(ADD_URL, form_data(body_fr="## Première version\n"))
    guide = Guide.objects.get(slug="trouver-un-stage")
    first = guide.revisions.get()
    client.post(change_url(guide), form_data(body_fr="## Deuxième version\n"))
    restore_url = f"/fr/admin/guides/guide/{guide.pk}/restore/{first.pk}/"
    assert client.get(restore_url).status_code == 200
    response = client.post(restore_url)
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.body_fr.strip() == "## Première version"
    assert guide.revisions.count() == 3
    assert guide.revisions.first().note.startswith("restored")


@pytest.mark.django_db
def test_it_refuses_a_restore_to_staff_who_cannot_edit_guides(client, guide_editor, django_user_model):
    guide = make_guide()
    revision = revision_create(guide=guide)
    viewer = django_user_model.objects.create_user(
        username="v", email="v@example.org", password="x" * 14, is_staff=True
    )
    verified_login(client, viewer)
    response = client.post(f"/fr/admin/guides/guide/{guide.pk}/restore/{revision.pk}/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_lists_guides_for_staff_with_their_translation_status(client, guide_editor):
    make_guide(title_fr="Traduit")
    make_guide(title_fr="Pas traduit", title_en="", summary_en="", body_en="")
    verified_login(client, guide_editor)
    response = client.get("/en/admin/guides/guide/")
    assert response.status_code == 200
    assert "missing" in response.text and "up to date" in response.text
    assert client.get("/en/admin/guides/guide/add/").status_code == 200
