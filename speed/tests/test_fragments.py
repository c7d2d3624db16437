"""Fragments per data version (speed/fragments.py): a page-cache miss made from kept fragments is the page rendered in
full, byte for byte, in fewer queries, and an edit (admin, portal, import, SQL) shows on the next request through
the fragment path too.

The page cache is on (a miss keeps fragments) but bypassed for the requests that check the fragment path: a
visitor with a cookie other than the CSRF and language ones is never answered from the page cache, so their page is
rendered by the view, from the fragments when they are kept.
"""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from ninja.responses import NinjaJSONEncoder

from api import listing
from api.schemas import SearchOut
from directory.importer import directory_import
from directory.models import Clientele, Organization
from finder.search import SearchParams, search
from guides.models import Guide
from speed import fragments
from speed.pagecache import HEADER
from speed.tests.conftest import LAT, LON, rename_location_in_admin, rename_service_in_portal
from speed.tests.test_pagecache import get, url_in
from tests.fixtures.directory import import_data, organization_raw
from tests.fixtures.guides import make_guide

# The results page for coordinates, its cards, related guides and kinds from fragments: RESULTS_PAGE of
# tests/test_query_counts.py (21) without the kinds (1), the cards (7) and the related guides (2), plus the data
# version read from the shared cache (the database cache in the tests), which the page-cache middleware reads for
# a visitor it may answer.
RESULTS_PAGE_FROM_FRAGMENTS = 12
API_SEARCH_FROM_FRAGMENTS = 8  # API_SEARCH (14) without the cards (7), plus the data version


def uncached(path: str, **extra):
    """A visitor the page cache never answers (a cookie of their own): the view renders, from fragments if kept."""
    visitor = Client()
    visitor.cookies["preference"] = "1"
    response = visitor.get(path, **extra)
    assert HEADER not in response
    return response


def results_path(language: str = "fr", lat: float = LAT, lon: float = LON) -> str:
    return url_in(language, "finder:search") + f"?lat={lat}&lon={lon}"


def everyone() -> Clientele:
    """The results page lists the guides for the clientèles chosen, everyone's without a choice."""
    return Clientele.objects.get(slug="general-public")


def kept(kind: str) -> int:
    return sum(1 for key in fragments._process.entries if key[0] == kind)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_results_page_from_fragments_is_the_page_rendered_in_full(far_point, settings, language):
    guide = make_guide(clienteles=[everyone()])
    path = results_path(language)
    settings.PAGE_CACHE = False
    full = get(path)
    assert full.status_code == 200 and "Organisme du bout du monde" in full.text
    assert escape(guide.title_fr if language == "fr" else guide.title_en) in full.text
    assert kept("result-card") == 0  # without the page cache (and so without a data version) nothing is kept
    settings.PAGE_CACHE = True
    first = uncached(path)
    assert kept("result-card") == 1 and kept("related-guides") == 1
    with CaptureQueriesContext(connection) as captured:
        second = uncached(path)
    assert first.content == second.content == full.content
    assert len(captured) == RESULTS_PAGE_FROM_FRAGMENTS


def api_expected(body: str, language: str, limit: int) -> str:
    """What ninja renders for the same search through the response schema (results built by results_for)."""
    data = json.loads(body)
    origin = data["origin"]
    hits, _total = search(SearchParams(origin["latitude"], origin["longitude"], limit=limit))
    with translation.override(language):
        results = listing.results_for(hits)
    envelope = {key: data[key] for key in ("origin", "total", "limit", "offset")}
    return json.dumps(SearchOut.model_validate({**envelope, "results": results}).model_dump(), cls=NinjaJSONEncoder)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_api_results_from_fragments_are_the_bytes_ninja_renders(page_cache, reference_data, language):
    path = f"/api/v1/search?near=H2X+1Y4&limit=99&lang={language}"
    first = uncached(path)
    assert len(first.json()["results"]) == 99
    with CaptureQueriesContext(connection) as captured:
        second = uncached(path)
    assert first.content == second.content
    assert second["Content-Type"] == "application/json; charset=utf-8" and second["Content-Language"] == language
    assert first.content.decode() == api_expected(first.content.decode(), language, 99)
    assert kept("api-result") >= 99
    assert len(captured) < 7  # no listing statement: every result came from a fragment


def test_api_search_from_fragments_in_a_constant_number_of_queries(far_point):
    path = f"/api/v1/search?lat={LAT}&lon={LON}"
    uncached(path)
    with CaptureQueriesContext(connection) as captured:
        answer = uncached(path)
    assert answer.json()["results"][0]["organization"]["name"] == "Organisme du bout du monde"
    assert len(captured) == API_SEARCH_FROM_FRAGMENTS


def test_an_edit_through_the_admin_shows_through_the_fragments(horizon, client):
    path = f"/api/v1/search?lat={horizon.latitude}&lon={horizon.longitude}&radius_km=1"
    uncached(path)
    assert kept("api-result") == 1
    rename_location_in_admin(client, horizon.location, "Nouveau bureau du port")
    assert uncached(path).json()["results"][0]["location"]["name"] == "Nouveau bureau du port"


def test_an_edit_through_the_portal_shows_through_the_fragments(page_cache, staff_client, manager_a, centre_a):
    path = results_path(lat=centre_a.latitude, lon=centre_a.longitude)
    assert centre_a.service.name_fr in uncached(path).text
    assert kept("result-card") >= 1
    rename_service_in_portal(staff_client(manager_a), centre_a.service, "Service renommé au portail")
    assert "Service renommé au portail" in uncached(path).text


def test_an_import_shows_through_the_fragments(reference_data, horizon):
    page = results_path(lat=horizon.latitude, lon=horizon.longitude)
    api = f"/api/v1/search?lat={horizon.latitude}&lon={horizon.longitude}&radius_km=1"
    uncached(page), uncached(api)
    assert kept("result-card") >= 1 and kept("api-result") == 1
    directory_import(import_data(organization_raw(name={"fr": "Horizon importé", "en": "Horizon imported"})))
    assert "Horizon importé" in uncached(page).text
    assert uncached(api).json()["results"][0]["organization"]["name"] == "Horizon importé"


def test_a_bulk_update_without_signals_shows_through_the_fragments(reference_data, horizon):
    path = results_path(lat=horizon.latitude, lon=horizon.longitude)
    uncached(path)
    Organization.objects.filter(slug="horizon-test").update(name_fr="Horizon mis à jour en SQL")
    assert "Horizon mis à jour en SQL" in uncached(path).text


def test_a_guide_edit_shows_in_the_related_guides_box(far_point):
    guide = make_guide(clienteles=[everyone()])
    path = results_path()
    assert escape(guide.title_fr) in uncached(path).text
    Guide.objects.filter(pk=guide.pk).update(title_fr="Titre revu par l'équipe")
    assert "Titre revu par l&#x27;équipe" in uncached(path).text


def test_open_now_is_the_requests_own(far_point, monkeypatch):
    """The kept card holds the hours, not the sentence: "open now" follows the clock on a fragment hit."""
    import datetime as dt

    from django.utils import timezone

    path = results_path()
    monday_morning = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 0))
    monkeypatch.setattr("finder.results.local_now", lambda: monday_morning)
    assert "is-open" in uncached(path).text
    monkeypatch.setattr("finder.results.local_now", lambda: monday_morning + dt.timedelta(hours=10))
    page = uncached(path)
    assert kept("result-card") == 1 and "is-open" not in page.text


def test_the_process_store_is_bounded_and_keyed_on_the_version():
    store = fragments.ProcessStore(size=2)
    store.set_many("v1", {("card", "fr", 1): "a", ("card", "fr", 2): "b"})
    assert store.get_many("v1", [("card", "fr", 1)]) == {("card", "fr", 1): "a"}  # 1 is now the most recent
    store.set_many("v1", {("card", "fr", 3): "c"})
    assert set(store.entries) == {("card", "fr", 1), ("card", "fr", 3)}  # the least recently used went
    assert store.get_many("v2", [("card", "fr", 1), ("card", "fr", 3)]) == {}  # another version: a miss


def test_the_shared_store_gives_the_same_pages(far_point, settings):
    settings.FRAGMENT_STORE = "shared"
    cache.clear()
    path = results_path()
    first, second = uncached(path), uncached(path)
    assert first.content == second.content and "Organisme du bout du monde" in second.text
    assert kept("result-card") == 0  # nothing in the process store
    assert any(key.startswith(":1:speed:frag:") for key in _cache_keys())


def _cache_keys() -> list[str]:
    from django.db import connection

    table = "django_cache"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608 - a constant name
        return [row[0] for row in cursor.fetchall()]
