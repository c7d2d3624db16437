"""Events on cache hits: the same rows with the page cache on or off, queued in Redis or written after the response;
a drain that dies never loses nor doubles a batch.

The Redis tests use database 14 of the local Redis under a prefix of their own, and are skipped without Redis.
"""

import json
import uuid

import pytest
from django.apps import apps
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from speed import events
from speed.models import DrainedBatch
from speed.pagecache import HEADER
from tests.fixtures.guides import make_guide

REDIS_URL = "redis://127.0.0.1:6379/14"
LAT, LON = 51.5, -63.5


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


@pytest.fixture
def queue(settings):
    """REDIS_URL on database 14 with a prefix of this test's own; its keys are removed afterwards."""
    client = redis_or_skip()
    settings.EVENTS_REDIS_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    # The drain task is queued, not run: each test drains when it says so.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    yield client
    for key in client.scan_iter(f"{settings.EVENTS_REDIS_PREFIX}:*"):
        client.delete(key)


def insights_rows() -> dict[str, list[tuple]]:
    """Every row of the event models, without ids and links to other events (which differ between runs)."""
    rows = {}
    for model in apps.get_app_config("insights").get_models():
        skipped = {model._meta.pk.attname} | {
            field.attname
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model._meta.app_label == "insights"
        }
        names = [field.attname for field in model._meta.concrete_fields if field.attname not in skipped]
        rows[model.__name__] = sorted(
            (tuple(str(value) for value in row) for row in model.objects.values_list(*names)), key=repr
        )
    return rows


def clear_insights() -> None:
    for model in apps.get_app_config("insights").get_models():
        model.objects.all().delete()


@pytest.fixture
def visits(make_point, reference_data):
    make_point(LAT, LON, clienteles=("youth",))
    make_point(LAT + 0.01, LON, clienteles=("women",))
    guide = make_guide(slug="campaign-guide")
    with translation.override("fr"):
        search = reverse("finder:search")
        guide_url = reverse("guides:detail", args=[guide.slug])
    near = f"{search}?lat={LAT}&lon={LON}"
    youth = f"{near}&clientele=youth"
    # Repeats (hits when the cache is on), a visitor refusing tracking on a hit, a guide read twice.
    return [
        (near, {}), (near, {}), (youth, {}), (near, {"HTTP_DNT": "1"}), (youth, {}), (guide_url, {}),
        (guide_url, {}), (near, {"HTTP_SEC_GPC": "1"}), (near, {}),
    ]  # fmt: skip


def replay(settings, visits, *, page_cache: bool, redis_url: str = "") -> tuple[dict, int]:
    settings.PAGE_CACHE, settings.REDIS_URL = page_cache, redis_url
    clear_insights()
    cache.clear()
    hits = 0
    for path, headers in visits:
        response = Client().get(path, **headers)
        assert response.status_code == 200, path
        hits += response.get(HEADER) == "hit"
    if redis_url:
        events.drain()
    return insights_rows(), hits


def test_events_are_the_same_with_the_cache_on_and_off(settings, visits):
    without, no_hits = replay(settings, visits, page_cache=False)
    with_cache, hits = replay(settings, visits, page_cache=True)
    assert (no_hits, hits) == (0, 6)
    assert sum(len(rows) for rows in without.values()) > 7  # searches, their impressions, guide reads
    assert with_cache == without


def test_events_queued_in_redis_are_the_same_once_drained(settings, visits, queue):
    without, _ = replay(settings, visits, page_cache=False)
    queued, hits = replay(settings, visits, page_cache=True, redis_url=REDIS_URL)
    assert hits == 6
    assert queued == without
    assert not queue.exists(events.queue_key(), events.processing_key())


def test_a_hit_writes_nothing_to_the_database_when_redis_queues(settings, visits, queue, django_assert_num_queries):
    settings.PAGE_CACHE, settings.REDIS_URL = True, REDIS_URL
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    path, _headers = visits[0]
    Client().get(path)
    queue.delete(events.queue_key())
    with django_assert_num_queries(0):
        assert Client().get(path)[HEADER] == "hit"
    assert queue.llen(events.queue_key()) == 1


def request_with(**meta) -> HttpRequest:
    request = HttpRequest()
    request.META.update(meta)
    return request


def queue_searches(count: int) -> None:
    from insights.record import search_record

    for _ in range(count):
        events.record_later(search_record, request_with(), region_code="09", fsa="G4Z", precision="fsa",
                            clienteles=[], organization_ids=[])  # fmt: skip


def searches() -> int:
    from insights.models import SearchEvent

    return SearchEvent.objects.count()


def set_aside(client) -> str:
    """What a drainer does before writing: the queue renamed aside with a batch id."""
    batch = uuid.uuid4().hex
    client.rename(events.queue_key(), events.processing_key())
    client.set(events.batch_key(), batch)
    return batch


def test_a_drainer_dying_before_its_commit_loses_nothing(settings, db, queue):
    settings.REDIS_URL = REDIS_URL
    queue_searches(3)
    set_aside(queue)  # ... and the drainer dies here: nothing written
    queue_searches(2)  # new events meanwhile go to a new queue
    assert events.drain() == 5
    assert searches() == 5
    assert not queue.exists(events.queue_key(), events.processing_key())


def test_a_drainer_dying_after_its_commit_writes_nothing_twice(settings, db, queue):
    settings.REDIS_URL = REDIS_URL
    queue_searches(3)
    batch = set_aside(queue)
    DrainedBatch.objects.create(batch_id=batch, events=3)  # committed with its 3 events, then the drainer died
    assert events.drain() == 0
    assert searches() == 0
    assert not queue.exists(events.processing_key())


def test_one_drainer_at_a_time(settings, db, queue):
    settings.REDIS_URL = REDIS_URL
    queue_searches(2)
    queue.set(events.lock_key(), "another drainer", ex=60)
    assert events.drain() == 0
    queue.delete(events.lock_key())
    assert events.drain() == 2


def test_without_a_reachable_redis_the_event_is_written_to_the_database(settings, db):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    queue_searches(1)  # outside a request, "after the response" is at once
    assert searches() == 1


def test_a_queued_item_naming_another_function_is_refused(settings, db, queue):
    settings.REDIS_URL = REDIS_URL
    queue.rpush(events.queue_key(), json.dumps({"recorder": "os.system", "arguments": {"command": "true"}}))
    assert events.drain() == 1  # taken off the queue, never called
    assert searches() == 0


def test_the_drain_records_the_day_the_event_was_queued(settings, db, queue):
    import datetime as dt

    from insights.models import SearchEvent

    if not events._takes_day("insights.record.search_record"):
        pytest.skip("the recorder no longer takes a day")
    settings.REDIS_URL = REDIS_URL
    queue_searches(1)
    item = json.loads(queue.lpop(events.queue_key()))
    item["day"] = "2026-01-31"
    queue.rpush(events.queue_key(), json.dumps(item))
    events.drain()
    assert SearchEvent.objects.get().month == dt.date(2026, 1, 1)  # the event keeps its month only
