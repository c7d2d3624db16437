"""The drain writes a batch of queued events in a few statements per kind: the same rows and counters as the
recorders called one by one, a bad item skipped, refusals honoured, the cap on visit keys kept, and a number of
queries that does not grow with the batch.

Redis database 14 under a prefix of each test's own, as in test_events.py; skipped without Redis.
"""

import datetime as dt
import json
import logging
import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import Organization
from insights import record
from insights.models import GuideReadEvent, ImpressionCount, SearchEvent, VisitCount
from speed import events
from speed.tests.test_events import REDIS_URL, clear_insights, insights_rows, redis_or_skip

SEARCH, VISIT, GUIDE = (f"insights.record.{name}" for name in ("search_record", "visit_record", "guide_read_record"))
REFUSING = ({"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": " 1 "})


@pytest.fixture
def redis_queue(settings):
    """REDIS_URL on database 14 with a prefix of this test's own; its keys are removed afterwards."""
    client = redis_or_skip()
    settings.REDIS_URL = REDIS_URL
    settings.EVENTS_REDIS_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    yield client
    for key in client.scan_iter(f"{settings.EVENTS_REDIS_PREFIX}:*"):
        client.delete(key)


@pytest.fixture
def centres(reference_data, db) -> list[int]:
    return list(Organization.objects.order_by("pk").values_list("pk", flat=True)[:12])


def item(recorder: str, headers: dict | None = None, day: str = "2026-03-14", **arguments) -> dict:
    return {"recorder": recorder, "arguments": arguments, "day": day, "headers": headers or {}}


def search(centres: list[int], n: int = 0, **extra) -> dict:
    arguments = {
        "region_code": f"{n % 17 + 1:02d}", "fsa": "G1R 2K5", "clienteles": ["youth", "women"][: n % 3],
        "organization_ids": centres[n % 3 : n % 3 + 8], "today_counts": {"eligible": 0, "to_confirm": n % 2},
        "universal_eligible": n % 4,
    }  # fmt: skip
    return item(SEARCH, **{**arguments, **extra})


def mixed(centres: list[int], count: int) -> list[dict]:
    """Searches, visits and guide reads in proportions like a campaign day's."""
    hosts = ["lapresse.ca", "facebook.com", "www.ledevoir.com"]
    items = []
    for n in range(count):
        if n % 10 < 4:
            items.append(search(centres, n))
        elif n % 10 < 9:
            items.append(item(VISIT, source=["direct", "site", "search_engine"][n % 3], key=hosts[n % 3]))
        else:
            items.append(item(GUIDE, guide_slug="entrevue", language="fr"))
    return items


def queue_items(client, items: list) -> None:
    client.rpush(events.queue_key(), *[value if isinstance(value, str) else json.dumps(value) for value in items])


def one_by_one(items: list) -> None:
    """What the drain did before batching: each item in a savepoint of its own, through its recorder."""
    for value in items:
        try:
            with transaction.atomic():
                events.apply(json.loads(value) if isinstance(value, str) else value, delayed=True)
        except Exception:  # noqa: BLE001, S110 - the drain skipped it the same way
            pass


# Hostile and ordinary values alike: both paths must clean them the same way.
days = st.sampled_from(["2026-03-14", "2026-03-14", "2026-03-31", "2026-04-01", "not a day", None])
headers = st.sampled_from([{}, {}, {}, {"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": "0"}])
counts = st.one_of(
    st.none(), st.dictionaries(st.sampled_from(["eligible", "to_confirm", "not_eligible", "other"]),
                               st.one_of(st.integers(-5, 40_000), st.text(max_size=3)), max_size=3),
)  # fmt: skip
search_arguments = st.fixed_dictionaries(
    {
        "region_code": st.sampled_from(["03", "17", "18", "", None, 3]),
        "fsa": st.sampled_from(["G1R 2K5", "h2x1y4", "X1X", "", None]),
        "clienteles": st.one_of(
            st.lists(st.sampled_from(["youth", "women", "immigrants", "no-such-group", "Bad Slug", "h2x1y4"])),
            st.just("youth"),
        ),
        "organization_ids": st.lists(st.integers(0, 11), max_size=20),  # indexes into the centres, mapped below
        "today_counts": counts,
        "universal_eligible": st.one_of(st.integers(-3, 40_000), st.just("2")),
    }
)
visit_arguments = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["direct", "site", "search_engine", "poster", "share", "embed", "nonsense"]),
        "key": st.sampled_from(["google", "lapresse.ca", "www.Facebook.com:443", "a.example", "b.example",
                                "c.example", "d.example", "127.0.0.1", "metro-2026", "Bad Tag", "", "x" * 130]),
    }
)  # fmt: skip
guide_arguments = st.fixed_dictionaries(
    {
        "guide_slug": st.sampled_from(["entrevue", "premier-emploi", "Bad!", ""]),
        "language": st.sampled_from(["fr", "de"]),
    }
)
raw_items = st.lists(
    st.one_of(
        st.tuples(st.just(SEARCH), search_arguments, headers, days),
        st.tuples(st.just(VISIT), visit_arguments, headers, days),
        st.tuples(st.just(GUIDE), guide_arguments, headers, days),
        st.sampled_from([
            "not json", "[1, 2]", json.dumps({"recorder": "os.system", "arguments": {"command": "true"}}),
            json.dumps(item(VISIT, source="direct", unexpected=1)), json.dumps(item(GUIDE, guide_slug="entrevue")),
        ]),
    ),
    max_size=40,
)  # fmt: skip


def as_items(drawn: list, centres: list[int]) -> list:
    items = []
    for value in drawn:
        if isinstance(value, str):
            items.append(value)
            continue
        recorder, arguments, item_headers, day = value
        arguments = dict(arguments)
        if recorder == SEARCH:
            arguments["organization_ids"] = [centres[n] for n in arguments["organization_ids"]]
        items.append({"recorder": recorder, "arguments": arguments, "day": day, "headers": item_headers})
    return items


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=raw_items)
def test_a_batch_gives_the_rows_of_its_events_recorded_one_by_one(drawn, centres, redis_queue, monkeypatch):
    monkeypatch.setattr(record, "VISIT_KEYS_PER_MONTH", 2)  # the cap is reached within a batch
    items = as_items(drawn, centres)
    clear_insights()
    one_by_one(items)
    expected = insights_rows()
    clear_insights()
    if items:
        queue_items(redis_queue, items)
    assert events.drain() == len(items)
    assert insights_rows() == expected
    assert not redis_queue.exists(events.queue_key(), events.processing_key())


def test_a_bad_item_is_skipped_and_the_rest_written(centres, redis_queue, monkeypatch, caplog):
    clean_count = record.clean_count
    # A value the database refuses (a negative count fails its CHECK constraint, on SQLite as on PostgreSQL).
    monkeypatch.setattr(record, "clean_count", lambda value: -1 if value == 777 else clean_count(value))
    good, bad = mixed(centres, 60), search(centres, universal_eligible=777)
    queue_items(redis_queue, [bad, *good[:30], "{not json", *good[30:], bad])
    with caplog.at_level(logging.WARNING):
        assert events.drain() == 63
    assert "searches_write of 26 rows failed; writing them in halves" in caplog.text
    assert caplog.text.count("event not recorded: searches_write") == 2
    assert SearchEvent.objects.count() == 24
    assert sum(VisitCount.objects.values_list("count", flat=True)) == 30
    assert GuideReadEvent.objects.count() == 6
    clear_insights()
    one_by_one(good)
    expected = insights_rows()
    clear_insights()
    queue_items(redis_queue, [bad, *good[:30], *good[30:], bad])
    events.drain()
    assert insights_rows() == expected


def test_a_refusal_header_is_honoured_per_item(centres, redis_queue):
    refused = [dict(value, headers=REFUSING[n % 3]) for n, value in enumerate(mixed(centres, 30))]
    accepted = mixed(centres, 10)
    queue_items(redis_queue, [value for pair in zip(refused, accepted * 3, strict=True) for value in pair])
    assert events.drain() == 60
    assert SearchEvent.objects.count() == 3 * 4
    assert sum(VisitCount.objects.values_list("count", flat=True)) == 3 * 5
    assert GuideReadEvent.objects.count() == 3


def test_the_visit_key_cap_holds_across_one_batch(db, redis_queue, monkeypatch):
    monkeypatch.setattr(record, "VISIT_KEYS_PER_MONTH", 5)
    month = dt.date(2026, 3, 1)
    VisitCount.objects.bulk_create(VisitCount(month=month, source="site", key=key, count=1) for key in "abc")
    hosts = ["h1.example", "h2.example", "h3.example", "h1.example", "h4.example", "h2.example"]
    batch = [item(VISIT, source="site", key=host) for host in hosts]
    batch += [item(VISIT, source="site", key=f"march-{n}.example", day="2026-04-02") for n in range(7)]
    queue_items(redis_queue, batch)
    assert events.drain() == 13
    march = dict(VisitCount.objects.filter(month=month).values_list("key", "count"))
    assert march == {"a": 1, "b": 1, "c": 1, "h1.example": 2, "h2.example": 2, "": 2}
    april = dict(VisitCount.objects.filter(month=dt.date(2026, 4, 1)).values_list("key", "count"))
    assert april == {**{f"march-{n}.example": 1 for n in range(5)}, "": 2}


def test_a_search_showing_a_deleted_centre_is_not_recorded_and_the_others_are(centres, redis_queue, caplog):
    gone = Organization.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    queue_items(redis_queue, [search(centres, 1), search(centres, 2, organization_ids=[centres[0], gone])])
    with caplog.at_level(logging.WARNING):
        assert events.drain() == 2
    assert f"centres [{gone}] no longer exist" in caplog.text
    assert SearchEvent.objects.count() == 1
    assert not ImpressionCount.objects.filter(organization_id=gone).exists()
    connection.check_constraints()  # what the commit checks: no counter of a missing centre


def test_a_guide_read_drained_later_keeps_its_month(db, redis_queue):
    queue_items(redis_queue, [item(GUIDE, day="2026-01-31", guide_slug="entrevue", language="en")])
    events.drain()
    assert GuideReadEvent.objects.get().month == dt.date(2026, 1, 1)


def drain_queries(client, items: list) -> int:
    queue_items(client, items)
    with CaptureQueriesContext(connection) as queries:
        assert events.drain() == len(items)
    return len(queries)


def test_the_queries_of_a_drain_do_not_grow_with_the_batch(centres, redis_queue):
    small = drain_queries(redis_queue, mixed(centres, 100))
    large = drain_queries(redis_queue, mixed(centres, 1000))
    assert small == large
    assert large <= 20, large  # the batch row, two look-ups, a savepoint and one or two statements per kind
    assert SearchEvent.objects.count() == 440
