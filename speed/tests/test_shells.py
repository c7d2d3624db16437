"""Pages kept with holes (speed/shells.py): a results page filled into its kept shell is, byte for byte, the page
rendered in full; a value the holes miss never reaches another visitor; an edit retires the shells.

Each search is a new anonymous visitor on a new address, so the page cache misses and the view fills the shell.
"""

import logging
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from guides.models import Guide
from pages import layout
from speed import fragments, shells
from speed.pagecache import HEADER
from speed.tests.test_pagecache import url_in

KIND = "job-search"
PLACES = ["H2X 1Y4", "Montréal", "G1R 4P5", "Québec", "Rimouski", "J8Y 3R5", "Sherbrooke", "G7H 5B8", "Val-d'Or"]


@pytest.fixture
def cache_on(settings, reference_data, db):
    from django.core.cache import cache

    settings.PAGE_CACHE = True
    settings.REDIS_URL = ""
    cache.clear()
    fragments._process.clear()
    shells._clear()
    return settings


def page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def in_full(settings, path: str) -> str:
    """The same page rendered in full: no page cache, so no data version, no fragment and no shell."""
    settings.PAGE_CACHE = False
    try:
        return page(path)
    finally:
        settings.PAGE_CACHE = True


def kept_shells() -> list:
    return [value for key, (_version, value) in fragments._process.entries.items() if key[0] == "page-shell"]


def search_path(site_language: str, **params) -> str:
    return (
        url_in(site_language, "finder:search") + "?" + urlencode({key: value for key, value in params.items() if value})
    )


searches = st.fixed_dictionaries(
    {
        "site_language": st.sampled_from(["fr", "en"]),
        "where": st.sampled_from(PLACES),
        "radius": st.sampled_from(["", "10", "25", "100", "200"]),
        "page": st.sampled_from(["", "2", "3", "40"]),
        "age": st.sampled_from(["", "16-35", "50+"]),
        "situation": st.sampled_from(["", "newcomer", "disability", "english"]),
        "kind": st.sampled_from(["", KIND]),
        "language": st.sampled_from(["", "en"]),
    }
)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=searches, second=searches)
def test_a_page_filled_into_its_shell_is_the_page_rendered_in_full(cache_on, first, second):
    for search in (first, second):
        path = search_path(**search)
        response = Client().get(path)
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            continue
        served = response.content.decode()
        assert "\ue000" not in served and "\ue001" not in served
        assert served == in_full(cache_on, path)
        if "results-title" in served and 'class="results"' in served:
            assert any(value is not None for value in kept_shells()), "the page came from a kept shell"
    assert not shells._dropped


def test_the_shell_serves_other_searches_of_the_same_shape(cache_on):
    paths = [search_path("fr", where=place) for place in ("H2X 1Y4", "H3B 1A7", "H2L 2C4", "Montréal")]
    pages = [page(path) for path in paths]
    assert [value for value in kept_shells() if value is not None], "a shell was kept"
    assert len({(token, key) for token, _language, key in shells._verified}) >= 1
    for path, served in zip(paths, pages, strict=True):
        assert served == in_full(cache_on, path)


def test_each_language_has_its_own_shell(cache_on):
    french, english = page(search_path("fr", where="H2X 1Y4")), page(search_path("en", where="H3B 1A7"))
    assert '<html lang="fr">' in french and '<html lang="en">' in english
    assert "Trouver un centre" in french and "Find a centre" in english
    assert {key[1] for key in fragments._process.entries if key[0] == "page-shell"} == {"fr", "en"}


def test_a_value_the_holes_miss_never_reaches_another_visitor(cache_on, monkeypatch, caplog):
    """The layout's link-preview address taken from the request instead of a hole: the shell made for the first
    search would give the second one the first one's address. The second request's full render differs: the shell
    is dropped, the second visitor gets their own page, and the error is logged."""
    original = layout.page_context

    def forgetful(request, holes):
        made = original(request, holes)
        made["page_meta"]["url"] = "https://example.org" + request.get_full_path()
        return made

    monkeypatch.setattr("finder.views.page_context", forgetful)
    first, second = search_path("fr", where="H2X 1Y4"), search_path("fr", where="H3B 1A7")
    with caplog.at_level(logging.ERROR, logger="speed.shells"):
        page(first)
        served = page(second)
    assert "H3B+1A7" in served.split('property="og:url"')[1].split(">")[0]
    assert shells._dropped and "page shell dropped" in caplog.text
    third = search_path("fr", where="Montréal")
    assert "Montr%C3%A9al" in page(third).split('property="og:url"')[1].split(">")[0]


def test_an_edit_retires_the_shells(cache_on):
    """The related guides are part of the kept shell: an edit (here an SQL update, no signal) shows at once."""
    path = search_path("fr", where="H2X 1Y4")
    before = page(path)
    page(search_path("fr", where="H3B 1A7"))  # the shell now serves searches of this shape
    shown = [guide for guide in Guide.objects.published() if escape(guide.title_fr) in before]
    assert shown
    Guide.objects.filter(pk=shown[0].pk).update(title_fr="Titre changé à l'instant")
    other = search_path("fr", where="H2L 2C4")
    after = Client().get(other)
    assert after[HEADER] == "miss"
    assert escape("Titre changé à l'instant") in after.content.decode()
    assert after.content.decode() == in_full(cache_on, other)
