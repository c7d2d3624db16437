"""The directory's data version: one token in the shared cache, replaced by every write to the public data.

Every page in the page cache was rendered under a version and is served only while the version is unchanged, so an
edit shows on every server at the next request, with no timer and no per-process state.

Writes are seen where they all pass: an execute wrapper on every database connection looks at each statement's
first word and target table. An INSERT, UPDATE, DELETE or TRUNCATE on a table of the public data (geography,
directory, eligibility, guides: admin, portal, imports, rule edits, loaders' raw SQL alike) bumps the version:

- in autocommit, at once (the statement is committed);
- in a transaction, after the commit (``on_commit``): a page rendered meanwhile by another connection saw the old
  data and was stored under the old version, which the bump then retires; and, for reads on the same connection
  before the commit (a test, or a view that writes then renders), lazily before this connection's next page-cache
  read (``flush_pending``).

A write outside Django (psql, a restore) is followed by ``manage.py bump_data_version``.
"""

from __future__ import annotations

import logging
import re
import uuid
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "speed:data-version"
DATA_APPS = ("geography", "directory", "eligibility", "guides")
_WRITE = re.compile(
    r"^\s*(?:WITH\b.*?\b)?(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)"
    r"\s+(?:ONLY\s+)?[\"`\[]?([\w.]+)",
    re.IGNORECASE | re.DOTALL,
)
_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REPLACE", "WITH")


@lru_cache(maxsize=1)
def data_tables() -> frozenset[str]:
    """The tables whose rows public pages show (many-to-many tables included)."""
    tables = set()
    for label in DATA_APPS:
        config = apps.get_app_config(label)
        tables.update(model._meta.db_table.lower() for model in config.get_models(include_auto_created=True))
    return frozenset(tables)


def writes_data(sql: str) -> bool:
    """True when the statement may change a table of the public data (unknown writes count as data writes)."""
    head = sql.lstrip()[:8].upper()
    if not head.startswith(_WRITE_WORDS):
        return False
    found = _WRITE.match(sql[:2000])
    if found is None:
        # A WITH that only reads, or a form the pattern does not know: a write word in it counts as a write.
        return head.startswith("WITH") is False or bool(re.search(r"\b(INSERT|UPDATE|DELETE)\b", sql, re.I))
    return found.group(1).split(".")[-1].lower() in data_tables()


def _watch(execute, sql, params, many, context):
    connection = context["connection"]
    if getattr(connection, "speed_bump_due", False) and not connection.in_atomic_block:
        connection.speed_bump_due = False
        bump()
    result = execute(sql, params, many, context)
    if writes_data(sql):
        _written(connection)
    return result


def watch_connection(sender=None, connection=None, **kwargs) -> None:
    if connection is not None and _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


_migrating = False


def migrating(sender=None, **kwargs) -> None:
    """pre_migrate: the cache table may not exist yet; one bump follows the migrations (``migrated``)."""
    global _migrating
    _migrating = True


def migrated(sender=None, **kwargs) -> None:
    global _migrating
    _migrating = False
    if enabled():
        bump()


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


def _written(connection) -> None:
    if _migrating or not enabled():
        return
    if not connection.in_atomic_block:
        # Never bump inside the statement: its cursor may still be open (INSERT … RETURNING on SQLite), and a cache
        # write on the same connection (database cache) would then roll the write back. Bump before this
        # connection's next statement, or at the end of the request, whichever comes first.
        connection.speed_bump_due = True
        return
    connection.speed_dirty = True
    if not any(getattr(item[1], "speed_bump", False) for item in connection.run_on_commit):
        transaction.on_commit(_bump_after_commit, using=connection.alias)


def _bump_after_commit() -> None:
    bump()


_bump_after_commit.speed_bump = True


def new_token() -> str:
    return uuid.uuid4().hex


def bump() -> str | None:
    """Replace the version: every cached page is retired on every server at once."""
    for alias in connections:
        conn = connections[alias]
        if getattr(conn, "speed_dirty", False) and not conn.in_atomic_block:
            conn.speed_dirty = False
    token = new_token()
    try:
        cache.set(VERSION_KEY, token, None)
    except Exception:  # noqa: BLE001 - the cache being down must not fail the write; pages are read from it too
        logger.warning("data version not bumped", exc_info=True)
        return None
    return token


def flush_pending() -> None:
    """Before a page-cache read: a write this connection made in a still-open transaction bumps the version now."""
    conn = connections[DEFAULT_DB_ALIAS]
    if getattr(conn, "speed_dirty", False) or getattr(conn, "speed_bump_due", False):
        conn.speed_dirty = conn.speed_bump_due = False
        bump()


def flush_due(sender=None, **kwargs) -> None:
    """request_finished: a write made outside a transaction during the request bumps the version now."""
    for alias in connections:
        conn = connections[alias]
        if getattr(conn, "speed_bump_due", False):
            conn.speed_bump_due = False
            bump()


def current() -> str | None:
    return cache.get(VERSION_KEY)


def ensure() -> str | None:
    """The version, made when the cache has none (first start, or the cache was emptied)."""
    try:
        cache.add(VERSION_KEY, new_token(), None)
        return cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001
        logger.warning("data version unreadable", exc_info=True)
        return None
