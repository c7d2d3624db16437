"""Only the embed pages may be framed: every other URL of the site, walked from the resolver so that a new page cannot
be forgotten, answers with X-Frame-Options DENY and frame-ancestors 'none' (anonymous and as a network
administrator); the embed pages answer with frame-ancestors * and set no cookie, with the page cache on or off."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, StringConverter
from django.utils import translation

from tests.fixtures.accounts import verified_client

FRAMABLE = {"embeds:finder", "embeds:results"}
SAMPLES = {IntConverter: 1, SlugConverter: "x", StringConverter: "x"}


def url_names() -> dict[str, URLPattern]:
    """Every named URL, namespaced ("finder:search"), with its pattern."""
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(namespace + pattern.name, pattern)

    walk(get_resolver().url_patterns, "")
    return found


def sample_url(name: str, pattern: URLPattern) -> str | None:
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {key: SAMPLES.get(type(conv), "x") for key, conv in converters.items()}
    groups = getattr(getattr(pattern.pattern, "regex", None), "groupindex", {})
    for group in groups:
        kwargs.setdefault(group, {"app_label": "directory", "model_name": "organization"}.get(group, "1"))
    with translation.override("fr"):
        try:
            return reverse(name, kwargs=kwargs or None, args=pattern.default_args.get("args", ()))
        except NoReverseMatch:
            return None


@pytest.fixture
def urls(reference_data, db) -> dict[str, str]:
    names = url_names()
    built = {name: sample_url(name, pattern) for name, pattern in names.items()}
    missing = [name for name, url in built.items() if url is None]
    # Only the admin's generic patterns (regex with app and model labels) may fail to build from samples.
    assert all(name.startswith("admin:") for name in missing), missing
    assert len(built) - len(missing) > 60
    return {name: url for name, url in built.items() if url is not None}


def check(response, name: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    if name in FRAMABLE:
        assert "frame-ancestors *" in csp, name
        assert "X-Frame-Options" not in response, name
        assert not response.cookies, name
    else:
        assert response.get("X-Frame-Options") == "DENY", (name, response.status_code)
        assert "frame-ancestors 'none'" in csp, (name, response.status_code)


@pytest.mark.parametrize("page_cache", [False, True])
def test_every_page_but_the_embeds_refuses_framing(urls, settings, page_cache):
    settings.PAGE_CACHE, settings.REDIS_URL = page_cache, ""
    cache.clear()
    for _round in range(2 if page_cache else 1):  # the second round answers cached pages from the cache
        for name, url in urls.items():
            check(Client().get(url), name)


def test_staff_pages_refuse_framing_too(urls, client, network_admin):
    staff = verified_client(client, network_admin)
    for name, url in urls.items():
        if name.startswith("accounts:logout"):
            continue
        check(staff.get(url), name)


def test_the_embed_pages_are_the_only_framable_ones():
    assert FRAMABLE <= set(url_names())
