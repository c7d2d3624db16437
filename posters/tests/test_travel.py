"""Pages that travel: link previews as a social network fetches them, preview images, short share links."""

import html
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from posters import preview
from posters.share import point_for_code, share_code

from .helpers import head_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(make_point):
    return make_point(46.81, -71.21, clienteles=("youth",), name="Centre Alpha")


def local(url: str) -> str:
    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL) :]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_shared_service_point_page_previews_with_title_description_and_image(client, point, lang):
    with translation.override(lang):
        url = point.get_absolute_url()
    response = client.get(url, HTTP_USER_AGENT="facebookexternalhit/1.1")
    head = head_of(response.text)
    assert "Centre Alpha" in head.meta["og:title"][0]
    assert "Centre Alpha" in head.meta["og:description"][0]
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert head.meta["og:url"] == [settings.SITE_URL + url]
    assert head.meta["og:locale"] == [{"fr": "fr_CA", "en": "en_CA"}[lang]]
    assert head.meta["og:locale:alternate"] == [{"fr": "en_CA", "en": "fr_CA"}[lang]]
    assert head.meta["og:image:width"] == ["1200"] and head.meta["og:image:height"] == ["630"]
    assert "Centre Alpha" in head.meta["og:image:alt"][0]
    image = client.get(local(head.meta["og:image"][0]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert "immutable" in image["Cache-Control"]
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)


def test_the_canonical_url_never_carries_where_the_visit_came_from(client, point):
    response = client.get(point.get_absolute_url() + "?via=poster&campaign=library-2027")
    head = head_of(response.text)
    assert head.links["canonical"] == settings.SITE_URL + point.get_absolute_url()
    assert head.meta["og:url"] == [settings.SITE_URL + point.get_absolute_url()]


@pytest.mark.parametrize("page", ["home", "organization", "region"])
def test_the_other_pages_preview_too(client, point, page):
    url = {
        "home": reverse("pages:home"),
        "organization": point.service.organization.get_absolute_url(),
        "region": reverse("finder:region", args=[point.region_id]),
    }[page]
    head = head_of(client.get(url).text)
    for name in ("og:title", "og:description", "og:image", "og:image:alt", "twitter:card"):
        assert head.meta[name][0], name
    image = client.get(local(head.meta["og:image"][0]))
    assert image.status_code == 200
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)


def test_a_preview_image_is_drawn_once_then_read_from_the_cache(client, point, monkeypatch):
    calls = []
    original = preview.preview_png
    monkeypatch.setattr(preview, "preview_png", lambda text: calls.append(text) or original(text))
    image_url = local(head_of(client.get(point.get_absolute_url()).text).meta["og:image"][0])
    first = client.get(image_url).content
    second = client.get(image_url).content
    assert first == second
    assert len(calls) == 1
    assert calls[0].title == "Centre Alpha"


def test_a_renamed_centre_gets_a_new_image_address(client, point):
    before = head_of(client.get(point.get_absolute_url()).text).meta["og:image"][0]
    organization = point.service.organization
    organization.name_fr = "Centre Bêta"
    organization.save()
    after = head_of(client.get(point.get_absolute_url()).text).meta["og:image"][0]
    assert before != after
    # The old address still answers (a feed may hold it), with the current image and a short cache life.
    old = client.get(local(before))
    assert old.status_code == 200 and "immutable" not in old["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/fr/posters/preview/point/999999.png", "/fr/posters/preview/point/x.png", "/en/posters/preview/moon/1.png"]
)
def test_unknown_previews_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_short_link_leads_to_the_page_in_the_persons_language(client, point):
    code = share_code(point.uuid)
    assert len(code) == 10
    response = client.get(f"/c/{code}", HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == f"/en/point/{point.pk}/?via=share"
    response = client.get(f"/c/{code.upper()}", HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert response["Location"] == f"/fr/point/{point.pk}/?via=share"


def test_each_point_is_found_by_its_own_code(make_point):
    points = [make_point(46.8 + n / 100, -71.2) for n in range(5)]
    for point in points:
        assert point_for_code(share_code(point.uuid)) == point


@pytest.mark.parametrize("code", ["aaaaaaaaaa", "abc", "0123456789", "aaaaaaaaaaa", "%3Cscript%3E"])
def test_an_unknown_short_link_says_so_in_the_persons_language(client, point, code):
    response = client.get(f"/c/{code}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "This share link does not lead to any centre" in html.unescape(response.text)
    response = client.get(f"/c/{code}", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Ce lien de partage ne mène à aucun centre" in html.unescape(response.text)
    assert "<script>" not in response.text


def test_the_page_offers_share_links_that_work_without_javascript(client, point):
    text = client.get(point.get_absolute_url()).text
    link = f"{settings.SITE_URL}/c/{share_code(point.uuid)}"
    assert f'value="{link}" readonly' in text
    assert 'href="mailto:?subject=' in text and 'href="sms:?&amp;body=' in text
    assert link.replace(":", "%3A").replace("/", "%2F") in text  # in the e-mail and text message bodies
    assert 'src="/static/posters/share.js"' in text
    assert "<script>" not in text.split('type="application/ld+json">')[0]  # no inline script


def test_a_shared_search_keeps_its_query_but_not_where_the_visit_came_from(client, point):
    query = "where=Villetest&kind=orientation&via=share&kind=job-search&campaign=x&utm_source=news"
    head = head_of(client.get("/fr/search/?" + query).text)
    expected = "/fr/search/?where=Villetest&kind=orientation&kind=job-search"
    assert head.meta["og:url"] == [settings.SITE_URL + expected]
    assert "canonical" not in head.links  # a page of results is not the same page as the empty search
