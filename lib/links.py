"""Absolute links for e-mails (the site's public address comes from SITE_URL, never from a request's Host), and the
visit-source parameters links carry."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(name: str, *args, language: str = "fr") -> str:
    with translation.override(language if language in ("fr", "en") else "fr"):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


# Where a visit came from (issue 16: posters, cards, shares, the embedded finder; newsletters' utm_* tags). Counted by
# insights/visits.py, never part of a page: the page cache's key, a page's shared link and its language links leave
# them out, so one cached page serves every campaign and a visitor's source never travels to the next one.
SOURCE_PARAMS = frozenset({"via", "campaign"})
VIAS = frozenset({"poster", "card", "share", "embed"})
# A campaign tag: what staff type for a batch of posters, and all the figures keep of it.
CAMPAIGN_PATTERN = re.compile(r"[a-z0-9-]{1,40}")


def campaign_tag(value: object) -> str:
    """The tag when ``value`` is one (whole string), else ""."""
    return value if isinstance(value, str) and CAMPAIGN_PATTERN.fullmatch(value) else ""


def is_source_param(name: str) -> bool:
    return name in SOURCE_PARAMS or name.startswith("utm_")


def query_without_source(query: str) -> str:
    """A raw query string without the visit-source parameters (the rest unchanged, in order)."""
    if "via=" not in query and "campaign=" not in query and "utm_" not in query:
        return query
    return "&".join(part for part in query.split("&") if not is_source_param(part.partition("=")[0]))


def path_without_source(request) -> str:
    """The request's path and query without the visit-source parameters."""
    query = query_without_source(request.META.get("QUERY_STRING", ""))
    return request.path + ("?" + query if query else "")
