"""The clientèles of each service point as a bit mask: ServiceAtLocation.clientele_mask.

The finder's clientèle filter is the hottest condition of the site: probing each candidate point's clientèles
through the service's link table cost several milliseconds in dense areas (thousands of points inside the circle,
two index look-ups each). The mask sits in the search's covering index, so the filter costs one AND per index entry.

Each clientèle owns one bit (Clientele.bit, given at creation); a point's mask is the OR of its service's clientèles'
bits. It is kept right in three ways:
- the ORM's own writes (admin, the centres' portal, tests) through the signals in directory/signals.py;
- bulk writes (import, generated directory), which call ``masks_refresh`` for the services they touched;
- ``masks_refresh()`` with no argument recomputes every point (after a clientèle is deleted, or by hand).
"""

from collections.abc import Iterable

from django.db import connection

from lib.sql import placeholders

from .models import Clientele, Service, ServiceAtLocation

_POINTS = ServiceAtLocation._meta.db_table
_LINKS = Service.clienteles.through._meta.db_table
_CLIENTELE = Clientele._meta.db_table
_CHUNK = 1000
# One clientèle's bit as a 64-bit integer, the same SQL on SQLite and PostgreSQL.
_FLAG = "(CAST(1 AS BIGINT) << c.bit)"


def masks_refresh(service_ids: Iterable[int] | None = None) -> int:
    """Recompute the mask of the service points of these services (of every point when None); rows updated.

    The bits are distinct, so their SUM is their OR (SQLite has no bitwise aggregate).
    """
    statement = (
        f"UPDATE {_POINTS} SET clientele_mask = COALESCE((SELECT SUM({_FLAG}) FROM {_LINKS} AS t"
        f" JOIN {_CLIENTELE} AS c ON c.id = t.clientele_id WHERE t.service_id = {_POINTS}.service_id), 0)"
    )
    updated = 0
    with connection.cursor() as cursor:
        if service_ids is None:
            cursor.execute(statement)
            return cursor.rowcount
        ids = sorted(set(service_ids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            cursor.execute(f"{statement} WHERE service_id IN ({placeholders(chunk)})", chunk)
            updated += cursor.rowcount
    return updated


def wanted_mask_sql(slugs: Iterable[str]) -> tuple[str, list[str]]:
    """SQL for the mask of the clientèles with these slugs (0 when none is known), and its parameters."""
    wanted = sorted(set(slugs))
    return (
        f"(SELECT CAST(COALESCE(SUM({_FLAG}), 0) AS BIGINT) FROM {_CLIENTELE} AS c"
        f" WHERE c.slug IN ({placeholders(wanted)}))",
        wanted,
    )
