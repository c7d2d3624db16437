"""Where visits come from: each landing on a public page is classified and counted, anonymously, with no cookie.

A landing is a request for a public page whose Referer is absent or names another host, or that carries ``via``
(the contract of issue 16: ``via`` ∈ poster, card, share, embed and an optional ``campaign`` slug). What is kept is a
monthly counter per source and key (insights.models.VisitCount): the referring site's host (never its path or query),
a search engine's name, or a campaign tag. Nothing about the visitor: no address, no user agent, no cookie, no day.

The classification is a pure function of the Referer, the request's own hosts and the two parameters
(``landing_source``); ``VisitMiddleware`` applies it to every answer, a page-cache hit included (it sits outside the
page cache), and records through speed/events.py, which queues in Redis or writes after the response.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path

from lib.links import VIAS, campaign_tag

logger = logging.getLogger(__name__)
SOURCES = ("direct", "search_engine", "site", "embed", "poster", "card", "share")
# Counted beside the landings: the embedded finder shown on a partner's page, and searches made through it.
EMBED_SOURCES = ("embed_shown", "embed_search")
ALL_SOURCES = frozenset(SOURCES + EMBED_SOURCES)
SEARCH_ENGINES = ("google", "bing", "duckduckgo", "yahoo", "qwant", "ecosia", "baidu", "yandex", "startpage",
                  "brave", "ask", "aol", "lilo")  # fmt: skip
PUBLIC_NAMESPACES = frozenset({"pages", "finder", "guides", "eligibility", "embeds"})
PUBLIC_VIEWS = frozenset({
    "insights:evidence", "insights:evidence_print", "insights:what_we_record", "referrals:request_new",
    "referrals:privacy_request",
})  # fmt: skip
NOT_PAGES = frozenset({"finder:places", "embeds:snippet"})  # JSON, staff
EMBED_VIEWS = {"embeds:finder": "embed_shown", "embeds:results": "embed_search"}
MAX_HOST = 120
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_BOTS = re.compile(r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|embedly|preview", re.IGNORECASE)


@dataclass(frozen=True)
class Visit:
    source: str
    key: str = ""


def clean_host(value: object) -> str:
    """A host name, lower case, without port, user, path, trailing dot or leading "www."; "" for anything else
    (an IP address, a malformed or over-long name). Internationalised names are kept in their ASCII (IDNA) form."""
    if not isinstance(value, str) or not value or len(value) > 300:
        return ""
    text = value.strip()
    try:
        host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
    host = host.lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return ""  # an address may be a person's own machine: never kept
    if host.startswith("www."):
        host = host[4:]
    if not host or len(host) > MAX_HOST or not all(_LABEL.match(label) for label in host.split(".")):
        return ""
    return host


def search_engine(host: str) -> str:
    """The search engine's name when ``host`` is one of theirs (www.google.ca, duckduckgo.com), else ""."""
    labels = host.split(".")[:-1]
    return next((name for name in SEARCH_ENGINES if name in labels), "")


def _split(referer: str) -> SplitResult | None:
    """The Referer's parts, or None when there is none (or it cannot be read)."""
    if not referer or not referer.strip():
        return None
    try:
        return urlsplit(referer.strip())
    except ValueError:
        return None


@functools.cache
def _embed_path() -> re.Pattern:
    codes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/({codes})/embed/")


def landing_source(*, referer: str, own_hosts: Collection[str], via: str = "", campaign: str = "") -> Visit | None:
    """Where a request for a public page comes from, or None when it is not a landing (a click inside the site)."""
    parts = _split(referer)
    netloc = parts.netloc.lower() if parts else ""
    if netloc and netloc in own_hosts:
        if via == "embed" and _embed_path().match(parts.path):
            # A result followed from the embedded finder: its page carries the partner's host.
            return Visit("embed", clean_host((parse_qs(parts.query).get("host") or [""])[0]))
        return None
    if via in ("poster", "card"):
        return Visit(via, campaign_tag(campaign))
    if via in ("share", "embed"):
        return Visit(via)
    if parts is None:
        return Visit("direct")
    host = clean_host(parts.hostname or "") if netloc else ""
    engine = search_engine(host)
    return Visit("search_engine", engine) if engine else Visit("site", host)


def embed_host(*, referer: str, own_hosts: Collection[str], host_param: object) -> str:
    """The partner site of an embed request: the Referer's host when another site sent it (and it is a name, not an
    address), else the ``host`` parameter the snippet put in the frame's address (carried by the search form)."""
    parts = _split(referer)
    if parts and parts.netloc and parts.netloc.lower() not in own_hosts:
        host = clean_host(parts.hostname or "")
        if host:
            return host
    return clean_host(host_param)


def _netloc(referer: str) -> str:
    parts = _split(referer)
    return parts.netloc.lower() if parts else ""


def own_hosts(request: HttpRequest) -> set[str]:
    hosts = {urlsplit(settings.SITE_URL).netloc.lower()}
    with contextlib.suppress(DisallowedHost):  # a disallowed Host was answered with an error page already
        hosts.add(request.get_host().lower())
    return hosts


def view_name(request: HttpRequest) -> str:
    """The view that answered (on a page-cache hit no view ran: the path is resolved here, in its language)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    language = get_language_from_path(request.path_info)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def is_public_page(name: str) -> bool:
    return name not in NOT_PAGES and (name.partition(":")[0] in PUBLIC_NAMESPACES or name in PUBLIC_VIEWS)


def visit_of(request: HttpRequest, response: HttpResponse) -> Visit | None:
    """What to count for this answer, if anything."""
    if request.method != "GET" or response.status_code != 200 or request.headers.get("HX-Request") == "true":
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    agent = request.headers.get("User-Agent", "")
    if not agent or _BOTS.search(agent):
        return None  # every browser names itself: no name is a script (and crawlers say they are)
    name = view_name(request)
    if not is_public_page(name):
        return None
    referer = request.headers.get("Referer", "")
    hosts = own_hosts(request)
    if name in EMBED_VIEWS:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Our session cookie is SameSite=Lax: never sent to a frame on another site. So this frame is on our own
            # pages: the staff page's preview, not a partner's visitor.
            return None
        host = embed_host(referer=referer, own_hosts=hosts, host_param=request.GET.get("host"))
        if name == "embeds:finder" and _netloc(referer) in hosts:
            return None  # a preview on the staff page, or the finder reloaded from its own results
        return Visit(EMBED_VIEWS[name], host)
    via = request.GET.get("via", "")
    return landing_source(referer=referer, own_hosts=hosts, via=via if via in VIAS else "",
                          campaign=request.GET.get("campaign", ""))  # fmt: skip


class VisitMiddleware:
    """Counts every landing, page-cache hits included: it sits outside the page cache (trouve/settings.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from speed.events import batched, record_now

        from .record import visit_record

        # The request's events (this visit, a search, a guide read: cached page or not) go to the queue together.
        with batched(request):
            response = self.get_response(request)
            try:
                visit = visit_of(request, response)
            except Exception:  # noqa: BLE001 - a count must never break a page
                logger.warning("visit not classified", exc_info=True)
                return response
            if visit is not None:
                record_now(visit_record, request, source=visit.source, key=visit.key)
        return response
