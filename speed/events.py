"""Anonymous events recorded without a database write on the request path, on a page-cache hit as on a miss.

``record_later(recorder, request, **arguments)`` stands for ``recorder(request, **arguments)`` (the functions of
insights/record.py, unchanged): the call is described as data (the recorder's dotted name, its JSON arguments, the
day, and the request headers the recorders read: DNT and Sec-GPC) and

- with ``REDIS_URL``: pushed onto a Redis list (one RPUSH, in the request, before the response is sent, so a worker
  dying afterwards loses nothing); a task of the task worker (``drain_events``, scheduled at most once per
  ``EVENTS_DRAIN_SECONDS``, after the response) records the whole batch in one transaction, with the recorders' own
  row builders and a few statements per kind of event (``insights.record.record_many``), whatever its size;
- without Redis (or when Redis fails): the recorder runs after the response is sent (insights/deferred.py), as before.

The page cache stores these descriptions with the page and queues them again on every hit, with the headers of the
request being answered, so the counts are the same with the cache on or off.

Draining is exactly once: the queue is renamed aside (atomic), its batch id is written in the same database
transaction as its events (``DrainedBatch``), and the list is deleted after the commit. A drainer that dies before
the commit leaves the list for the next one; one that dies after it leaves a batch id that the next one finds, so the
events are not written twice. Redis itself should persist (appendonly) for a Redis crash to lose nothing.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from insights.deferred import after_response

logger = logging.getLogger(__name__)

# Only these recorders may be named in a queued event.
RECORDERS = frozenset(
    {"insights.record.search_record", "insights.record.guide_read_record", "insights.record.visit_record"}
)
HEADERS_KEPT = ("HTTP_DNT", "HTTP_SEC_GPC")


def _prefix() -> str:
    return getattr(settings, "EVENTS_REDIS_PREFIX", "trouve")


def queue_key() -> str:
    return f"{_prefix()}:speed:events"


def processing_key() -> str:
    return f"{_prefix()}:speed:events:processing"


def batch_key() -> str:
    return f"{_prefix()}:speed:events:batch"


def due_key() -> str:
    return f"{_prefix()}:speed:events:drain-due"


def lock_key() -> str:
    return f"{_prefix()}:speed:events:lock"


@lru_cache(maxsize=4)
def _client_for(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def client():
    """The Redis client of REDIS_URL (a connection pool per process; no state kept in it), or None."""
    url = getattr(settings, "REDIS_URL", "")
    return _client_for(url) if url else None


# Push events and say whether it opened a drain window: one round trip, atomic, run as one script (EVALSHA). A
# MULTI/EXEC pipeline did the same with a new pipeline object per event (0.2 ms of CPU each).
QUEUE_SCRIPT = """
redis.call('RPUSH', KEYS[1], unpack(ARGV, 2))
return redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) and 1 or 0
"""


@lru_cache(maxsize=4)
def _queue_script(redis_client):
    return redis_client.register_script(QUEUE_SCRIPT)


def record_later(recorder: Callable, request: HttpRequest, /, **arguments) -> None:
    """Record ``recorder(request, **arguments)`` off the request path; see the module's docstring."""
    _record(recorder, request, arguments, with_page=True)


def record_now(recorder: Callable, request: HttpRequest, /, **arguments) -> None:
    """The same for a fact about this very request (where the visit came from): never stored with a cached page,
    so each request, a page-cache hit included, records its own."""
    _record(recorder, request, arguments, with_page=False)


def _record(recorder: Callable, request: HttpRequest, arguments: dict, *, with_page: bool) -> None:
    name = f"{recorder.__module__}.{recorder.__qualname__}"
    try:
        plain = json.loads(json.dumps(arguments))
    except (TypeError, ValueError):
        plain = None
    if name not in RECORDERS or plain is None:
        after_response(lambda: recorder(request, **arguments))
        return
    spec = {"recorder": name, "arguments": plain, "day": timezone.localdate().isoformat()}
    collected = getattr(request, "speed_events", None)
    if with_page and collected is not None:  # the page cache stores it with the page
        collected.append(spec)
    dispatch(spec, request)


def dispatch(spec: dict, request: HttpRequest) -> None:
    """Queue one described event for this request (its DNT / Sec-GPC headers go with it): at once, or with the
    request's other events when a ``batched(request)`` block is open."""
    item = {**spec, "headers": {key: request.META[key] for key in HEADERS_KEPT if key in request.META}}
    pending = getattr(request, "speed_pending_events", None)
    if pending is not None:
        pending.append(item)
    else:
        push([item])


@contextmanager
def batched(request: HttpRequest) -> Iterator[None]:
    """The events dispatched for ``request`` inside the block are queued together when it ends (one round trip):
    still in the request, before its response is sent (insights/visits.py opens it around the whole request)."""
    request.speed_pending_events = []
    try:
        yield
    finally:
        items, request.speed_pending_events = request.speed_pending_events, None
        if items:
            push(items)


def push(items: list[dict]) -> None:
    redis_client = client()
    if redis_client is not None:
        try:
            raw = [json.dumps(item) for item in items]
            first = _queue_script(redis_client)(keys=[queue_key(), due_key()], args=[drain_seconds(), *raw])
        except Exception:  # noqa: BLE001 - Redis unreachable: the database path below, nothing lost
            logger.warning("event queue unreachable; recording after the response", exc_info=True)
        else:
            if first:
                after_response(schedule_drain)
            return
    for item in items:
        after_response(lambda item=item: apply(item, delayed=False))


def drain_seconds() -> int:
    return int(getattr(settings, "EVENTS_DRAIN_SECONDS", 5))


def schedule_drain() -> None:
    """One drain task for the events of the next few seconds (at most one enqueued per EVENTS_DRAIN_SECONDS)."""
    from django.tasks import default_task_backend

    from .tasks import drain_events

    task = drain_events
    if default_task_backend.supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=drain_seconds()))
    try:
        task.enqueue()
    except Exception:  # noqa: BLE001 - the next window schedules again; `manage.py drain_events` drains too
        logger.warning("event drain not scheduled", exc_info=True)


def _stand_in(headers: dict) -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.META.update({key: value for key, value in headers.items() if key in HEADERS_KEPT})
    return request


@lru_cache(maxsize=8)
def _takes_day(name: str) -> bool:
    return "day" in inspect.signature(import_string(name)).parameters


@lru_cache(maxsize=8)
def _recorder(name: str) -> Callable:
    return import_string(name)


def _call(item: dict, *, delayed: bool) -> tuple[Callable, dict] | None:
    """The recorder an item names and its arguments (with the day it was queued, when drained later); None for a
    recorder that is not one of RECORDERS."""
    name = item.get("recorder")
    if name not in RECORDERS:
        logger.warning("unknown recorder in the event queue: %r", name)
        return None
    arguments = dict(item.get("arguments") or {})
    if delayed and "day" not in arguments and _takes_day(name):
        try:
            arguments["day"] = dt.date.fromisoformat(item["day"])
        except (KeyError, TypeError, ValueError):
            pass
    return _recorder(name), arguments


def apply(item: dict, *, delayed: bool) -> None:
    """Call the recorder an item names, as the view would have (the day it was queued, when drained later)."""
    call = _call(item, delayed=delayed)
    if call is not None:
        recorder, arguments = call
        recorder(_stand_in(item.get("headers") or {}), **arguments)


def _calls(items: list[bytes]) -> list[tuple[Callable, HttpRequest, dict]]:
    """The (recorder, request, arguments) of queued items; one that cannot be read is logged and skipped. Items with
    the same headers share one stand-in request (the recorders only read its DNT / Sec-GPC headers)."""
    calls, requests = [], {}
    for raw in items:
        try:
            item = json.loads(raw)
            call = _call(item, delayed=True)
            if call is None:
                continue
            headers = tuple(sorted((k, v) for k, v in (item.get("headers") or {}).items() if k in HEADERS_KEPT))
            if headers not in requests:
                requests[headers] = _stand_in(dict(headers))
        except Exception:  # noqa: BLE001 - one bad item never blocks the others
            logger.exception("queued event not recorded")
            continue
        calls.append((call[0], requests[headers], call[1]))
    return calls


def drain(max_batches: int = 100) -> int:
    """Write the queued events into the database; returns how many. One drainer at a time (a Redis lock).

    Each batch (the whole queue, renamed aside) is written in one transaction with its DrainedBatch row, in a few
    statements per kind of event whatever its size (insights.record.record_many); an item that cannot be recorded is
    logged and skipped, the others written.
    """
    from insights.record import record_many

    from .models import DrainedBatch

    redis_client = client()
    if redis_client is None:
        return 0
    token = uuid.uuid4().hex
    if not redis_client.set(lock_key(), token, nx=True, ex=300):
        return 0
    written = 0
    retried = ""
    try:
        for _ in range(max_batches):
            if not redis_client.exists(processing_key()):
                if not redis_client.llen(queue_key()):
                    break
                # Only the lock holder renames, and the list is not empty: the rename cannot fail.
                pipe = redis_client.pipeline(transaction=True)
                pipe.rename(queue_key(), processing_key())
                pipe.set(batch_key(), uuid.uuid4().hex)
                pipe.execute()
            batch = (redis_client.get(batch_key()) or b"").decode() or uuid.uuid4().hex
            redis_client.set(batch_key(), batch)
            items = redis_client.lrange(processing_key(), 0, -1)
            calls = _calls(items)
            try:
                with transaction.atomic():
                    DrainedBatch.objects.create(batch_id=batch, events=len(items))
                    record_many(calls)
            except IntegrityError:
                if DrainedBatch.objects.filter(batch_id=batch).exists():
                    pass  # this batch was written by a drainer that died before deleting the list
                elif retried != batch:
                    # The commit failed (a foreign key checked at the commit: a centre deleted since record_many
                    # looked): once more, record_many then skips what changed.
                    logger.warning("event batch %s not committed; trying again", batch, exc_info=True)
                    retried = batch
                    continue
                else:
                    logger.error("event batch %s not committed twice: %d events dropped", batch, len(items))
            else:
                written += len(items)
            redis_client.delete(processing_key(), batch_key())
        DrainedBatch.objects.filter(drained_at__lt=timezone.now() - timedelta(days=2)).delete()
    finally:
        if (redis_client.get(lock_key()) or b"").decode() == token:
            redis_client.delete(lock_key())
    return written
