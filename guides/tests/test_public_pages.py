"""The public guide pages: index, detail, translation notices, related guides, sitemap. Drafts never show."""

import datetime as dt

import pytest
from django.contrib.sites.requests import RequestSite
from django.template import Context, Template
from django.utils import timezone

from directory.models import Clientele
from guides.sitemaps import GuideSitemap
from tests.fixtures.guides import make_guide


@pytest.fixture
def draft(db):
    return make_guide(status="draft", title_fr="Brouillon confidentiel", title_en="Secret draft", body_fr="entrevue")


@pytest.mark.django_db
def test_it_never_shows_a_draft_to_an_anonymous_visitor(client, draft):
    assert client.get(f"/fr/guides/{draft.slug}/").status_code == 404
    assert client.get(f"/en/guides/{draft.slug}/").status_code == 404
    assert "Brouillon confidentiel" not in client.get("/fr/guides/").text
    assert "Brouillon confidentiel" not in client.get("/fr/guides/", {"q": "entrevue"}).text
    assert draft not in list(GuideSitemap().items())


@pytest.mark.django_db
def test_it_hides_a_draft_from_the_related_guides_of_a_published_one(client, draft):
    guide = make_guide()
    guide.related.add(draft)
    assert "Brouillon confidentiel" not in client.get(guide.get_absolute_url()).text


@pytest.mark.django_db
def test_it_gives_a_guide_a_clean_title_and_description_and_a_way_to_the_finder(client):
    guide = make_guide(title_fr="Préparer une entrevue", summary_fr="Quoi faire avant.", finder_query="clientele=youth")
    response = client.get(f"/fr/guides/{guide.slug}/")
    assert "<title>Préparer une entrevue — Trouve ton X</title>" in response.text
    assert '<meta name="description" content="Quoi faire avant.">' in response.text
    assert response.text.count("<h1") == 1
    assert 'href="/fr/search/?age=16-35"' in response.text  # the finder's own question, answered
    assert "1 877 644-4545" in response.text


@pytest.mark.django_db
def test_it_says_when_the_english_translation_is_missing(client):
    guide = make_guide(title_en="", summary_en="", body_en="", title_fr="Seulement en français")
    response = client.get(f"/en/guides/{guide.slug}/")
    assert response.status_code == 200
    assert "not available in English yet" in response.text
    assert "Seulement en français" in response.text
    assert '<article class="guide" lang="fr">' in response.text
    assert "not available in English" not in client.get(f"/fr/guides/{guide.slug}/").text


@pytest.mark.django_db
def test_it_says_when_the_translation_is_older_than_the_original(client):
    guide = make_guide()
    guide.content_updated_en = timezone.now() - dt.timedelta(days=30)
    guide.content_updated_fr = timezone.now()
    guide.save()
    response = client.get(f"/en/guides/{guide.slug}/")
    assert "after this translation" in response.text
    assert f'href="/fr/guides/{guide.slug}/"' in response.text
    guide.content_updated_en = timezone.now() + dt.timedelta(seconds=1)
    guide.save()
    assert "after this translation" not in client.get(f"/en/guides/{guide.slug}/").text


@pytest.mark.django_db
def test_it_says_nothing_about_translation_on_the_original(client):
    guide = make_guide(source_language="en")
    guide.content_updated_fr = timezone.now() - dt.timedelta(days=3)
    guide.save()
    assert "translation-notice" not in client.get(f"/en/guides/{guide.slug}/").text
    assert "translation-notice" in client.get(f"/fr/guides/{guide.slug}/").text


@pytest.mark.django_db
def test_it_lists_published_guides_for_the_finder_by_clientele():
    youth, _ = Clientele.objects.get_or_create(slug="test-youth", defaults={"name": "Jeunes"})
    women, _ = Clientele.objects.get_or_create(slug="test-women", defaults={"name": "Femmes"})
    for_youth = make_guide(title_fr="Pour les jeunes", clienteles=[youth])
    make_guide(title_fr="Brouillon jeunes", status="draft", clienteles=[youth])
    make_guide(title_fr="Pour les femmes", clienteles=[women])
    template = Template('{% include "guides/_related.html" with clienteles=slugs %}')
    html = template.render(Context({"slugs": ["test-youth"]}))
    assert "Pour les jeunes" in html and for_youth.get_absolute_url() in html
    assert "Brouillon jeunes" not in html and "Pour les femmes" not in html
    assert "Pour les jeunes" in template.render(Context({"slugs": [youth]}))
    assert template.render(Context({"slugs": []})).strip() == ""
    assert template.render(Context({"slugs": None})).strip() == ""


@pytest.mark.django_db
def test_it_puts_published_guides_in_the_sitemap_in_both_languages(rf):
    guide = make_guide()
    site = RequestSite(rf.get("/"))
    urls = [entry["location"] for entry in GuideSitemap().get_urls(site=site, protocol="https")]
    assert any(url.endswith(f"/fr/guides/{guide.slug}/") for url in urls)
    assert any(url.endswith(f"/en/guides/{guide.slug}/") for url in urls)


@pytest.mark.django_db
def test_it_lists_guides_with_a_search_form_and_the_three_questions(client):
    make_guide(title_fr="Un guide publié")
    response = client.get("/fr/guides/")
    assert "Un guide publié" in response.text
    assert 'name="q"' in response.text
    assert 'action="/fr/guides/start/"' in response.text


@pytest.mark.django_db
def test_it_serves_the_index_and_a_guide_in_a_few_queries(client, django_assert_max_num_queries):
    guides = [make_guide() for _ in range(5)]
    guides[0].related.set(guides[1:4])
    with django_assert_max_num_queries(2):
        assert client.get("/fr/guides/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/fr/guides/", {"q": "entrevue"}).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(guides[0].get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_it_puts_the_most_specific_guides_first_for_the_finder(django_assert_max_num_queries):
    from guides.templatetags.guides_tags import guides_for_clienteles

    immigrants, _ = Clientele.objects.get_or_create(slug="test-immigrants", defaults={"name": "Immigrants"})
    everyone, _ = Clientele.objects.get_or_create(slug="test-everyone", defaults={"name": "Tout le monde"})
    broad = make_guide(position=1, clienteles=[immigrants, everyone])
    specific = make_guide(position=50, clienteles=[immigrants])
    with django_assert_max_num_queries(2):
        found = guides_for_clienteles(["test-immigrants"])
    assert found == [specific, broad]
    assert guides_for_clienteles(["test-immigrants", "test-everyone"])[0] == broad
