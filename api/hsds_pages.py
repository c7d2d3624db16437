"""One page of an HSDS list, ordered by UUID, at any depth of a 100,000-row directory.

HSDS pages by number. A page found by counting rows (``OFFSET``) costs the database a walk of the UUID index up to it
(PostgreSQL, 100,000 services: 12.6 ms for the last page) and the total a ``COUNT(*)`` (6.8 ms), whatever the client
does. An unfiltered list changes only when the directory does, so its total and the first UUID of every page are
kept in the shared cache under the directory's data version (speed/version.py: replaced by every write to the
directory): a page is then one index seek, ``WHERE uuid >= first ORDER BY uuid LIMIT n``. Filtered lists (their
combinations are unbounded) and a site without the data version count and walk as before.
"""

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from speed import version

INDEX_SECONDS = 24 * 3600  # a new data version makes an index unreachable before that


def page_rows(items: QuerySet, page: int, per_page: int, *, indexed: bool) -> tuple[int, list[Any]]:
    """How many items there are, and the rows of page `page` (`items` ordered by UUID). `indexed`: the list is
    unfiltered, so its page index may be kept."""
    index = _index(items, per_page) if indexed else None
    if index is None:
        total = items.count()
        start = (page - 1) * per_page
        # The page's UUIDs first, then its rows: the first query reads only the UUID index (SQLite: a covering
        # index; PostgreSQL: an index-only scan), where reading whole rows and their joins for every skipped one
        # cost up to a second at 100,000 services.
        keys = list(items.values_list("uuid", flat=True)[start : start + per_page]) if total else []
        return total, list(items.filter(uuid__in=keys)) if keys else []
    total, firsts = index
    if page > len(firsts):
        return total, []
    return total, list(items.filter(uuid__gte=firsts[page - 1])[:per_page])


def _index(items: QuerySet, per_page: int) -> tuple[int, list[Any]] | None:
    """(total, first UUID of each page) of this list under the current data version; None without a version."""
    if not version.enabled():
        return None
    version.flush_pending()  # a write of this connection not committed yet counts, as for the page cache
    if (token := version.current()) is None:
        return None
    try:
        query = str(items.query)
    except EmptyResultSet:
        return None
    key = "hsds:pages:" + hashlib.sha256(f"{token}|{per_page}|{query}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        uuids = list(items.values_list("uuid", flat=True))
        found = (len(uuids), uuids[::per_page])
        cache.set(key, found, INDEX_SECONDS)
    return found
