import html

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from posters import pdf
from posters.files import FORMATS, POSTER_LANGUAGES

from .helpers import pdf_reader, pdf_text, qr_texts

pytestmark = pytest.mark.django_db

KINDS = ("point", "organization", "region")


@pytest.fixture
def point(make_point):
    return make_point(46.81, -71.21, clienteles=("youth",), kinds=("job-search",), name="Centre Alpha")


def key_of(point, kind: str) -> str:
    return {
        "point": str(point.pk),
        "organization": point.service.organization.slug,
        "region": point.region_id,
    }[kind]


def poster_url(point, kind, fmt, language, ui="fr", **query):
    with translation.override(ui):
        url = reverse("posters:file", args=[kind, key_of(point, kind), fmt, language])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@pytest.mark.parametrize("language", POSTER_LANGUAGES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_it_renders_every_poster_on_one_page_with_real_text_and_a_qr_code_to_the_page(
    client, point, kind, fmt, language
):
    response = client.get(poster_url(point, kind, fmt, language, campaign="library-2027"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    reader = pdf_reader(data)
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == 612 and reader.pages[0].mediabox.height == 792  # US letter
    text = pdf_text(data)
    assert "Centre Alpha" in text
    assert "418 555-0100" in text  # the phone, as people dial it
    if language in ("fr", "both"):
        assert "GRATUIT" in text
    if language in ("en", "both"):
        assert "FREE" in text
    assert reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == {"fr": "fr-CA", "en": "en-CA", "both": "fr-CA"}[language]
    with translation.override("fr" if language == "both" else language):
        path = {
            "point": reverse("finder:service_point", args=[point.pk]),
            "organization": reverse("finder:organization", args=[point.service.organization.slug]),
            "region": reverse("finder:region", args=[point.region_id]),
        }[kind]
    if language == "both":
        path = path[len("/fr") :]
    via = "poster" if fmt == "poster" else "card"
    expected = f"{settings.SITE_URL}{path}?via={via}&campaign=library-2027"
    codes = qr_texts(data)
    assert codes and set(codes) == {expected}
    if fmt == "cards":
        assert len(codes) == 4


def test_the_region_poster_lists_its_centres_alphabetically_by_municipality(client, make_point):
    from geography.models import Municipality

    first = make_point(46.81, -71.21, name="Zèbre Emploi")
    second = make_point(46.82, -71.22, name="Abeille Emploi")
    town = Municipality.objects.create(
        code="99998", name="Aubeville", name_key="aubeville", region=first.region, latitude=46.8, longitude=-71.2
    )
    first.location.municipality = town
    first.location.save()
    text = pdf_text(client.get(poster_url(second, "region", "poster", "fr")).content)
    assert text.index("Aubeville") < text.index("Villetest")
    assert text.index("Zèbre Emploi") < text.index("Abeille Emploi")  # Aubeville's centre first


def test_without_a_tag_the_campaign_is_poster(client, point):
    codes = qr_texts(client.get(poster_url(point, "point", "poster", "en")).content)
    assert codes == [f"{settings.SITE_URL}/en/point/{point.pk}/?via=poster&campaign=poster"]


def test_a_bilingual_poster_leads_to_the_page_in_the_language_of_the_phone(client, point):
    response = client.get(f"/point/{point.pk}/?via=poster&campaign=x", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == f"/en/point/{point.pk}/?via=poster&campaign=x"
    response = client.get(f"/point/{point.pk}/?via=poster&campaign=x", HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert response["Location"] == f"/fr/point/{point.pk}/?via=poster&campaign=x"


@pytest.mark.parametrize(
    ("tag", "status"),
    [("Library", 400), ("a b", 400), ("x" * 41, 400), ("<script>", 400), ("été", 400), ("ok-tag-1", 200)],
)
def test_a_bad_campaign_tag_is_refused_with_a_clear_message(client, point, tag, status):
    from urllib.parse import quote

    response = client.get(poster_url(point, "point", "poster", "fr") + "?campaign=" + quote(tag))
    assert response.status_code == status
    if status == 400:
        assert "étiquette de campagne" in response.text
        assert "<script>" not in response.text


def test_the_messages_speak_english_on_english_urls(client, point):
    response = client.get(poster_url(point, "point", "poster", "fr", ui="en") + "?campaign=BAD")
    assert response.status_code == 400
    assert "campaign tag" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/fr/posters/point/{pk}/poster-de.pdf",
        "/fr/posters/point/{pk}/flyer-fr.pdf",
        "/fr/posters/point/999999/poster-fr.pdf",
        "/fr/posters/point/abc/poster-fr.pdf",
        "/fr/posters/organization/nobody/cards-en.pdf",
        "/fr/posters/region/42/poster-both.pdf",
        "/fr/posters/planet/1/poster-fr.pdf",
        "/fr/posters/planet/1/",
        "/fr/posters/organization/%C3%A9t%C3%A9%20x/poster-fr.pdf",
    ],
)
def test_unknown_posters_are_a_clear_404(client, point, url):
    response = client.get(url.format(pk=point.pk))
    assert response.status_code == 404
    text = html.unescape(response.text)
    assert "n'existe pas" in text


def test_an_inactive_service_point_has_no_poster(client, make_point):
    point = make_point(46.81, -71.21, is_active=False)
    assert client.get(poster_url(point, "point", "poster", "fr")).status_code == 404
    assert reverse("posters:choose", args=["point", point.pk]) not in client.get(point.get_absolute_url()).text


def test_a_poster_is_made_once_then_read_from_the_cache(client, point, monkeypatch):
    calls = []
    original = pdf.poster_pdf
    monkeypatch.setattr(pdf, "poster_pdf", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    first = client.get(poster_url(point, "point", "poster", "fr")).content
    second = client.get(poster_url(point, "point", "poster", "fr")).content
    assert first == second and len(calls) == 1
    client.get(poster_url(point, "point", "poster", "fr", campaign="other"))
    assert len(calls) == 2  # another campaign is another QR code


def test_an_edit_to_the_listing_gives_a_new_poster(client, point):
    before = pdf_text(client.get(poster_url(point, "point", "poster", "fr")).content)
    organization = point.service.organization
    organization.name_fr = "Centre Bêta"
    organization.save()
    after = pdf_text(client.get(poster_url(point, "point", "poster", "fr")).content)
    assert "Centre Alpha" in before and "Centre Bêta" in after


def test_the_choice_page_offers_every_download_with_the_tag(client, point):
    response = client.get(reverse("posters:choose", args=["point", point.pk]) + "?campaign=food-bank")
    assert response.status_code == 200
    for fmt in FORMATS:
        for language in POSTER_LANGUAGES:
            assert f"/fr/posters/point/{point.pk}/{fmt}-{language}.pdf?campaign=food-bank" in response.text


def test_the_choice_page_refuses_a_bad_tag_and_says_why(client, point):
    response = client.get(reverse("posters:choose", args=["point", point.pk]) + "?campaign=Not%20A%20Slug")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert ".pdf?campaign=" not in response.text


def test_the_pages_link_to_their_posters(client, point):
    choose = reverse("posters:choose", args=["point", point.pk])
    assert choose in client.get(point.get_absolute_url()).text
    organization = point.service.organization
    assert (
        reverse("posters:choose", args=["organization", organization.slug])
        in client.get(organization.get_absolute_url()).text
    )
    assert (
        reverse("posters:choose", args=["region", point.region_id])
        in client.get(reverse("finder:region", args=[point.region_id])).text
    )


def test_with_the_data_version_a_made_poster_is_read_from_the_cache_alone_and_an_edit_retires_it(
    client, point, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from speed import version

    settings.PAGE_CACHE = True
    version.bump()
    url = poster_url(point, "point", "poster", "fr")
    before = pdf_text(client.get(url).content)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Only cache reads (the database cache here; none at all with Redis): the listing is not read again.
    assert queries.captured_queries and all("django_cache" in q["sql"] for q in queries.captured_queries)
    organization = point.service.organization
    organization.name_fr = "Centre Bêta"
    organization.save()
    after = pdf_text(client.get(url).content)
    assert "Centre Alpha" in before and "Centre Bêta" in after
    assert client.get(poster_url(point, "point", "poster", "fr").replace(str(point.pk), "999999")).status_code == 404
