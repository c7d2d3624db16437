"""What a load balancer asks before sending traffic to an app server: database and cache reachable, migrations
applied. Each check is short and never raises; any failure answers 503 so the balancer takes the server out."""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

# Once a process has seen every migration applied it stays so until it is restarted (new code means a restart); the
# plan is computed from the migration files, which costs tens of milliseconds, so it is not redone on every probe.
_migrations_seen_applied = False


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def _migrations() -> None:
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations not applied")
    _migrations_seen_applied = True


CHECKS = {"database": _database, "cache": _cache, "migrations": _migrations}


def health() -> tuple[bool, dict[str, str]]:
    """(healthy, {check: "ok" or a short reason}) — the database first: the other checks need it."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # noqa: BLE001 (a health check reports, it never raises)
            logger.warning("Health check %s failed: %s", name, error)
            results[name] = f"failed: {type(error).__name__}"
            if name == "database":
                results.update({other: "skipped" for other in CHECKS if other != name})
                break
        else:
            results[name] = f"ok ({(time.monotonic() - started) * 1000:.0f} ms)"
    return all(value.startswith("ok") for value in results.values()), results
