"""Whole public pages from the shared cache: one cache read answers a repeated page, before sessions and views run.

Keyed on the language, the exact path and query (without ``via``, ``campaign`` and ``utm_*``: where the visit came
from is counted per request by insights/visits.py, outside this cache), the HTMX flag and the day (today's hours and
rules), and served only while the directory's data version (speed/version.py) is the one the page was rendered
under: the version and the page come back in one ``get_many`` (one MGET on Redis). Pages with "open now" on their
cards (results, service point and organisation pages) are served only until the end of the
``PAGE_CACHE_SLOT_MINUTES`` slot (5 minutes) in which they were rendered: exact for opening hours on that grid (the
sample directory's are on the hour or half hour), at most one slot late for others.

Never cached, by construction:
- a request with any cookie but the CSRF and language ones (a session: staff, a saved eligibility profile, a flash
  message), with an Authorization header, or other than GET;
- a view not in ``CACHED_VIEWS`` (the portal, the admin, accounts, forms that post are not in it);
- a response that sets a cookie, used a CSRF token, says private/no-store, varies on anything but Cookie and
  Accept-Language, is not a 200, or whose Content-Language is not the key's language.

On a hit the page's anonymous events (the search, a guide read) are still recorded: the entry carries the arguments
its view passed to the recorder, and they are queued again for this request (speed/events.py).

The middleware sits right after WhiteNoise: the security headers of the outer middleware are added to every answer;
the headers the inner ones added (CSP, X-Frame-Options, Vary, Content-Language) are stored with the page.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language_from_path, get_language_from_request

from lib.links import query_without_source

from . import events, version

logger = logging.getLogger(__name__)

# The public pages that are the same for every anonymous visitor (resolver view names).
CACHED_VIEWS = frozenset(
    {
        "pages:home",
        "pages:about",
        "pages:privacy",
        "finder:search",
        "finder:service_point",
        "finder:organization",
        "finder:region",
        "guides:index",
        "guides:detail",
        "eligibility:regions",
        "api:search",
        "embeds:finder",
        "embeds:results",
    }
)
# Pages whose cards say "open now": valid until the end of the time slot they were rendered in.
TIME_DEPENDENT_VIEWS = frozenset(
    {"finder:search", "finder:service_point", "finder:organization", "finder:region", "embeds:results"}
)
ALLOWED_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})
ALLOWED_VARY = frozenset({"cookie", "accept-language"})
MAX_QUERY = 1024
MAX_BODY = 1_000_000
HEADER = "X-Page-Cache"


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


def cache_key(request: HttpRequest) -> tuple[str, str] | None:
    """(key, language) for a request that may be answered from the cache, else None; worked out once per request
    (the middleware asks, then the results page, to know whether it may be kept with holes)."""
    if "_speed_cache_key" not in request.__dict__:
        request._speed_cache_key = _cache_key(request)
    return request._speed_cache_key


def _cache_key(request: HttpRequest) -> tuple[str, str] | None:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(name not in ALLOWED_COOKIES for name in request.COOKIES):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY:
        return None
    path = request.path_info
    language = get_language_from_path(path)
    if language is None:
        if not path.startswith("/api/"):
            return None
        asked = request.GET.get("lang")
        language = asked if asked in ("fr", "en") else get_language_from_request(request)
    htmx = request.headers.get("HX-Request", "") == "true"
    raw = "\n".join((language, str(htmx), timezone.localdate().isoformat(), path, query_without_source(query)))
    return "speed:page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest(), language


def slot_end(moment: float) -> float:
    """The end of the time slot holding ``moment`` (Unix seconds; slots are aligned on the clock)."""
    seconds = 60 * max(1, int(getattr(settings, "PAGE_CACHE_SLOT_MINUTES", 5)))
    return (moment // seconds + 1) * seconds


def fresh(entry: dict, current: str | None) -> bool:
    return current is not None and entry.get("version") == current and time.time() < entry.get("until", math.inf)


def storable(request: HttpRequest, response: HttpResponse, language: str) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in CACHED_VIEWS:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if not vary <= ALLOWED_VARY:
        return False
    if response.get("Content-Language") != language:
        return False
    user = getattr(request, "_cached_user", None)  # only if something looked at it
    if user is not None and user.is_authenticated:
        return False
    return len(response.content) <= MAX_BODY


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return self.get_response(request)
        keyed = cache_key(request)
        if keyed is None:
            return self.get_response(request)
        key, language = keyed
        started = time.time()
        version.flush_pending()
        try:
            found = cache.get_many([version.VERSION_KEY, key])
        except Exception:  # noqa: BLE001 - without the cache, pages are rendered as before
            logger.warning("page cache unreadable", exc_info=True)
            return self.get_response(request)
        current, entry = found.get(version.VERSION_KEY), found.get(key)
        if isinstance(entry, dict) and fresh(entry, current):
            return self.answer(request, entry)
        if current is None:
            current = version.ensure()
        request.speed_events = []
        request.speed_version = current  # the fragments of a miss are keyed on it (speed/fragments.py)
        response = self.get_response(request)
        if current is not None and storable(request, response, language):
            entry = {
                "version": current,
                "language": language,
                "status": response.status_code,
                "headers": [(name, value) for name, value in response.items() if name.lower() != HEADER.lower()],
                "body": response.content,
                "events": request.speed_events,
            }
            seconds = settings.PAGE_CACHE_SECONDS
            if request.resolver_match.view_name in TIME_DEPENDENT_VIEWS:
                entry["until"] = slot_end(started)
                seconds = min(seconds, max(1, math.ceil(entry["until"] - time.time()) + 1))
            try:
                cache.set(key, entry, seconds)
            except Exception:  # noqa: BLE001
                logger.warning("page not stored", exc_info=True)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def answer(request: HttpRequest, entry: dict) -> HttpResponse:
        response = HttpResponse(entry["body"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[HEADER] = "hit"
        for spec in entry["events"]:
            events.dispatch(spec, request)
        return response
