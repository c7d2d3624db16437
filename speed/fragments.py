"""Pre-rendered fragments per data version: what only an edit changes (a result card's markup, an API result's JSON,
the related-guides box), kept so that a page-cache miss renders only what the request itself changes (distance,
"open now", an eligibility status).

A fragment is keyed on (kind, language, id) and stored with the data version it was made under (speed/version.py).
The version is the page cache's: read from the shared cache on every request (the page-cache middleware passes the
one it read as ``request.speed_version``), replaced after every write to the public data, on every server at once.
A fragment made under another version is a miss, so an edit shows at the next request on every server, with no
timer. Without a version (``PAGE_CACHE`` off: writes then bump nothing; or the cache down) nothing is read or kept:
fragments are made for the request and dropped.

Two stores (``FRAGMENT_STORE``):

- ``"process"`` (default): a bounded LRU dictionary in each worker (``FRAGMENT_PROCESS_ENTRIES``). It is not shared
  state: each entry is a copy of database rows rendered under a version every request checks in the shared cache,
  so losing it (a restart) costs only renders, and it is never served after an edit. Measured cheapest
  (bench/reports/2026-12-06-cheap-misses.md): no network round trip, no unpickling.
- ``"shared"``: the shared cache (Redis in production), one ``get_many`` per page and one ``set_many`` for the
  misses; every worker benefits from one render, at the price of a round trip and unpickling per page.
- ``"off"``: always render.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from django.conf import settings
from django.core.cache import cache

from . import version

logger = logging.getLogger(__name__)

DEFAULT_PROCESS_ENTRIES = 20_000


def version_for(request) -> str | None:
    """The data version this request's fragments are keyed on (None: do not keep fragments)."""
    if not getattr(settings, "PAGE_CACHE", False) or store_name() == "off":
        return None
    if request is not None and getattr(request, "speed_version", None):
        return request.speed_version
    version.flush_pending()
    try:
        current = version.current() or version.ensure()
    except Exception:  # noqa: BLE001 - without the cache, fragments are made for the request only
        logger.warning("data version unreadable", exc_info=True)
        return None
    if request is not None:
        request.speed_version = current
    return current


def store_name() -> str:
    return getattr(settings, "FRAGMENT_STORE", "process")


class ProcessStore:
    """A bounded LRU of (kind, language, id) -> (version, value); a value of another version is a miss."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[tuple, tuple[str, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, token: str, keys: list[tuple]) -> dict[tuple, object]:
        found = {}
        with self.lock:
            for key in keys:
                entry = self.entries.get(key)
                if entry is not None and entry[0] == token:
                    self.entries.move_to_end(key)
                    found[key] = entry[1]
        return found

    def set_many(self, token: str, values: dict[tuple, object]) -> None:
        with self.lock:
            for key, value in values.items():
                self.entries[key] = (token, value)
                self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


class SharedStore:
    """The shared cache: keys carry the version, so entries of a retired version are never read again."""

    timeout = 3600

    @staticmethod
    def _key(token: str, key: tuple) -> str:
        return "speed:frag:" + token + ":" + ":".join(str(part) for part in key)

    def get_many(self, token: str, keys: list[tuple]) -> dict[tuple, object]:
        names = {self._key(token, key): key for key in keys}
        try:
            found = cache.get_many(list(names))
        except Exception:  # noqa: BLE001
            logger.warning("fragments unreadable", exc_info=True)
            return {}
        return {names[name]: value for name, value in found.items()}

    def set_many(self, token: str, values: dict[tuple, object]) -> None:
        try:
            cache.set_many({self._key(token, key): value for key, value in values.items()}, self.timeout)
        except Exception:  # noqa: BLE001
            logger.warning("fragments not stored", exc_info=True)

    def clear(self) -> None:
        pass


_process = ProcessStore(getattr(settings, "FRAGMENT_PROCESS_ENTRIES", DEFAULT_PROCESS_ENTRIES))
_shared = SharedStore()


def store():
    return _shared if store_name() == "shared" else _process


def fragments(
    request,
    kind: str,
    language: str,
    ids: Iterable[Hashable],
    make: Callable[[list], dict],
) -> dict:
    """The fragments of ``ids`` (id -> value), made by ``make(missing_ids)`` for those not kept under the current
    version (``make`` returns a value for each id it can; an id it leaves out is remembered as None: not listed)."""
    wanted = list(dict.fromkeys(ids))
    token = version_for(request)
    if token is None:
        made = make(wanted)
        return {key: made.get(key) for key in wanted}
    chosen = store()
    keys = [(kind, language, key) for key in wanted]
    found = {key[2]: value for key, value in chosen.get_many(token, keys).items()}
    missing = [key for key in wanted if key not in found]
    if missing:
        made = make(missing)
        new = {key: made.get(key) for key in missing}
        chosen.set_many(token, {(kind, language, key): value for key, value in new.items()})
        found.update(new)
    return {key: found[key] for key in wanted}
