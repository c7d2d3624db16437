from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_info

from lib.links import path_without_source


def _sample_data_present() -> bool:
    from directory.models import Organization

    return Organization.objects.filter(is_sample=True).exists()


@lru_cache(maxsize=4096)
def _translated_path(path: str, language: str) -> str:
    """A path in another language (the URL resolved and reversed: 0.15 ms a call), kept per process: it depends on the
    URL patterns only, which do not change while a process runs (tests that change settings empty it)."""
    return translate_url(path, language)


setting_changed.connect(lambda **_kwargs: _translated_path.cache_clear())


def language_links(request, urls: dict[str, str] | None = None) -> list[dict]:
    """The same page in each language (``urls``: code -> address, to give them instead of computing them)."""
    if urls is None:
        path, _mark, query = path_without_source(request).partition("?")
        suffix = "?" + query if query else ""
        urls = {code: _translated_path(path, code) + suffix for code, _name in settings.LANGUAGES}
    return [
        {"code": code, "name": get_language_info(code)["name_local"].capitalize(), "url": urls[code]}
        for code, _name in settings.LANGUAGES
    ]


def site(request) -> dict:
    """Settings the base template needs, and the same page in each language (the query string is kept, but for
    where this visit came from: a cached page's language links serve every visitor, lib/links.py).

    Each language link is named in its own language ("Français", "English"), as visitors look for their own.
    """
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "SITE_URL": settings.SITE_URL,
        "language_links": language_links(request),
        # Read only by the pages that say the directory is sample data (no query elsewhere): once
        # remove_sample_data ran, no page says so any more.
        "sample_data_present": SimpleLazyObject(_sample_data_present),
    }
