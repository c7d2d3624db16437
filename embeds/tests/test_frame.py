"""The embedded finder's pages: framable by any site, no cookie, no JavaScript needed, lenient options, counted."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from insights.models import SearchEvent, VisitCount
from insights.tests.test_visits import visitor


def url_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def frame(reference_data, db):
    return url_in("fr", "embeds:finder")


@pytest.fixture
def results(reference_data, db):
    return url_in("fr", "embeds:results")


def test_it_may_be_framed_by_any_site_and_sets_no_cookie(frame, results):
    for path in (frame, f"{results}?where=Rimouski"):
        response = Client().get(path, HTTP_REFERER="https://www.ville.example/emploi/")
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        csp = response["Content-Security-Policy"]
        assert "frame-ancestors *" in csp and "unsafe-inline" not in csp
        assert not response.cookies
        assert "Set-Cookie" not in str(response.serialize_headers())
        assert "csrfmiddlewaretoken" not in response.text


def test_the_form_searches_with_get_and_keeps_the_options(frame):
    page = Client().get(f"{frame}?host=www.ville.example&clientele=youth&theme=green&region=01")
    assert 'method="get"' in page.text
    assert 'class="theme-green"' in page.text
    for name, value in (("host", "ville.example"), ("clientele", "youth"), ("theme", "green"), ("region", "01")):
        assert f'name="{name}" value="{value}"' in page.text


def test_unknown_options_are_dropped_never_echoed(frame):
    page = Client().get(frame + "?theme=red;background:url(x)&clientele=<script>&host=<b>&org=Bad Slug&region=99")
    assert page.status_code == 200
    assert 'class="theme-blue"' in page.text
    assert "<script>" not in page.text and "<b>" not in page.text and "url(x)" not in page.text
    assert 'type="hidden"' not in page.text


def test_results_open_the_full_site_in_a_new_tab_with_via_embed(results):
    page = Client().get(f"{results}?where=Rimouski&host=ville.example")
    assert page.status_code == 200
    links = [line for line in page.text.splitlines() if "/point/" in line]
    assert links, "some centres near Rimouski"
    assert all('?via=embed" target="_blank" rel="noopener"' in line for line in links)


def test_a_search_is_counted_for_the_network_and_by_partner_site(results, frame):
    visitor().get(f"{results}?where=Rimouski&host=ville.example", HTTP_REFERER="http://testserver" + frame)
    assert SearchEvent.objects.count() == 1
    assert VisitCount.objects.get(source="embed_search").key == "ville.example"
    visitor().get(f"{results}?where=Rimouski&host=ville.example", HTTP_REFERER="https://biblio.example/")
    assert VisitCount.objects.get(source="embed_search", key="biblio.example").count == 1


def test_an_unknown_place_says_so_in_the_frame(results):
    page = Client().get(f"{results}?where=Zzyzxville")
    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert "X-Frame-Options" not in page


def test_an_empty_search_asks_for_a_place(results):
    page = Client().get(f"{results}?where=")
    assert page.status_code == 400 and 'aria-invalid="true"' in page.text


def test_the_restriction_to_an_organisation_shows_only_its_points(results, make_point):
    point = make_point(48.45, -68.52, name="Centre restreint")
    slug = point.service.organization.slug
    page = Client().get(f"{results}?where=Rimouski&org={slug}")
    assert page.status_code == 200
    assert page.text.count("/point/") == 1 and f"/point/{point.pk}/?via=embed" in page.text


def test_the_restriction_to_a_region_shows_only_its_points(results):
    from directory.models import ServiceAtLocation

    page = Client().get(f"{results}?where=Rimouski&region=01")
    ids = [int(part.split("/")[0]) for part in page.text.split("/point/")[1:]]
    assert ids
    assert set(ServiceAtLocation.objects.filter(pk__in=ids).values_list("region_id", flat=True)) == {"01"}


def test_the_english_frame_is_in_english(reference_data, db):
    page = Client().get(url_in("en", "embeds:finder"))
    assert '<html lang="en">' in page.text and "Postal code or municipality" in page.text


def test_a_malformed_referer_is_no_error_and_counts_the_host_parameter(frame):
    page = visitor().get(f"{frame}?host=ville.example", HTTP_REFERER="http://[::1")
    assert page.status_code == 200
    assert VisitCount.objects.get(source="embed_shown").key == "ville.example"
