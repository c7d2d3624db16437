"""The PDF and PNG files, made once and kept in the shared cache under a name that says everything they show.

The name holds the subject's digest (posters/content.py: every printed field), the format, the language and the
campaign, and the site's address: an edit to a listing gives new names at once on every server, and nothing else
does (a write elsewhere in the directory keeps every other file). Making one costs tens of milliseconds (see
bench/posters.py); reading it back, one cache read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from . import pdf, preview
from .campaign import VIA_CARD, VIA_POSTER, site_url, tracked_url
from .content import Subject

logger = logging.getLogger(__name__)

# Bump when the drawing changes, so files made by the previous code are not served again.
DRAWING_VERSION = "1"
CACHE_SECONDS = 7 * 24 * 3600
FORMATS = ("poster", "cards")
POSTER_LANGUAGES = ("fr", "en", "both")


def _site_tag() -> str:
    return hashlib.sha256(settings.SITE_URL.encode()).hexdigest()[:8]


def cached(key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes stored under key, else made and stored (an unreachable cache only costs the making)."""
    try:
        data = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not take posters down
        logger.warning("poster cache unreadable", exc_info=True)
        data = None
    if data is not None:
        return data
    data = make()
    try:
        cache.set(key, data, CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("poster cache unwritable", exc_info=True)
    return data


def page_path(subject: Subject, language: str) -> str:
    """The page a poster points to: its language's, or for a bilingual poster the path without a language,
    which the site sends on to the language of the phone that scanned it."""
    if language == "both":
        path = subject.sheets["fr"].page_path
        return path[len("/fr") :] if path.startswith("/fr/") else path
    return subject.sheets[language].page_path


def printed(url: str) -> str:
    return url.split("://", 1)[-1]


def poster_file(subject: Subject, fmt: str, language: str, campaign: str) -> bytes:
    path = page_path(subject, language)
    url = tracked_url(path, via=VIA_POSTER if fmt == "poster" else VIA_CARD, campaign=campaign)
    key = ":".join(
        (
            "posters",
            "pdf",
            DRAWING_VERSION,
            subject.kind,
            subject.key,
            fmt,
            language,
            campaign,
            subject.digest(),
            _site_tag(),
        )
    )
    make = pdf.poster_pdf if fmt == "poster" else pdf.cards_pdf
    return cached(key, lambda: make(subject, language, url=url, printed_url=printed(site_url(path))))


def preview_digest(text: preview.PreviewText) -> str:
    return hashlib.sha256(repr((DRAWING_VERSION, text)).encode()).hexdigest()[:16]


def preview_file(kind: str, key: str, language: str, text: preview.PreviewText) -> bytes:
    name = ":".join(("posters", "png", DRAWING_VERSION, kind, key, language, preview_digest(text)))
    return cached(name, lambda: preview.preview_png(text))
