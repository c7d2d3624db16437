"""The PDF and PNG files, made once and kept in the shared cache under a name that says everything they show.

The name holds the format, the language, the campaign, the site's address and either the directory's data version
(speed/version.py: every write retires every file at once, on every server) or, when there is none, the subject's
digest (posters/content.py: every printed field). Making one costs tens of milliseconds (see bench/posters.py);
reading it back, one cache read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from speed import version

from . import pdf, preview
from .campaign import VIA_CARD, VIA_POSTER, site_url, tracked_url
from .content import Subject, subject_get

logger = logging.getLogger(__name__)

# Bump when the drawing changes, so files made by the previous code are not served again.
DRAWING_VERSION = "1"
CACHE_SECONDS = 24 * 3600  # posters are asked for in bursts (a campaign's printing), then rarely
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


class _MissingError(Exception):
    """The subject of a poster asked for by name does not exist."""


def data_stamp() -> str | None:
    """The directory's data version (speed/version.py) when the page cache keeps it current, else None."""
    if not version.enabled():
        return None
    return version.current()


def _draw(subject: Subject, fmt: str, language: str, campaign: str) -> bytes:
    path = page_path(subject, language)
    url = tracked_url(path, via=VIA_POSTER if fmt == "poster" else VIA_CARD, campaign=campaign)
    make = pdf.poster_pdf if fmt == "poster" else pdf.cards_pdf
    return make(subject, language, url=url, printed_url=printed(site_url(path)))


def poster_file(kind: str, key: str, fmt: str, language: str, campaign: str) -> bytes | None:
    """The PDF, or None when there is no such subject.

    Named after the data version when there is one: a poster already made is then one cache read, without reading
    the listing again (reading costs as much as drawing, see bench/posters.py); any write to the directory retires
    them all. Without a data version, named after the subject's digest (read every time, drawn once).
    """
    head = ("posters", "pdf", DRAWING_VERSION, kind, key, fmt, language, campaign, _site_tag())
    stamp = data_stamp()
    if stamp is None:
        subject = subject_get(kind, key)
        if subject is None:
            return None
        return cached(":".join((*head, subject.digest())), lambda: _draw(subject, fmt, language, campaign))

    def make() -> bytes:
        subject = subject_get(kind, key)
        if subject is None:
            raise _MissingError
        return _draw(subject, fmt, language, campaign)

    try:
        return cached(":".join((*head, "v" + stamp)), make)
    except _MissingError:
        return None


def preview_digest(text: preview.PreviewText) -> str:
    return hashlib.sha256(repr((DRAWING_VERSION, text)).encode()).hexdigest()[:16]


def preview_file(kind: str, key: str, language: str, text: preview.PreviewText) -> bytes:
    name = ":".join(("posters", "png", DRAWING_VERSION, kind, key, language, preview_digest(text)))
    return cached(name, lambda: preview.preview_png(text))
