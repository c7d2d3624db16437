"""How fast the task worker writes the anonymous events queued in Redis (speed/events.py ``drain()``), SQLite and
PostgreSQL.

    .venv/bin/python bench/drain.py [--events 20000] [--batch 1000] [--sqlite-only]

Needs Redis at redis://127.0.0.1:6379 (database 12, under a key prefix of this run's own, removed afterwards). A worker
process per database migrates a fresh database, loads the reference data (geography, taxonomy, sample directory) and
queues --events items exactly as the request path does (``speed.events.push``: one JSON item per event, with its day
and its DNT / Sec-GPC headers), a fixed-seed mix of what a campaign day sends:

- ~45 % ``search_record``: 15-20 organisation ids of the sample directory, a region, an FSA or a full postal code, a
  few clientèles (some unknown), eligibility counts for a third of them;
- ~45 % ``visit_record``: direct, search engines, a handful of referring sites, poster / card campaign tags, shares;
- ~10 % ``guide_read_record``: a few guides, in French or in English;
- 2 % of every kind from a visitor sending DNT or Sec-GPC (nothing recorded).

Then it times ``drain()`` twice: the whole queue in one batch (a drainer catching up after falling behind), and the
same number of events again in batches of --batch (the steady state: the worker drains every EVENTS_DRAIN_SECONDS).
Prints events/s, CPU ms per event (of the drainer's process; PostgreSQL's own work runs in its server process), the
SQL statements per event and what was written (the same figures before and after a change of the drain). Target: well
above the 920 events/s of a load test at 460 requests/s (2 events each), where the drainer fell behind.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    bench_database,
    django_setup,
    emit,
    markdown_table,
    postgres_available,
    prepare_database,
    run_worker,
)

REDIS_URL = "redis://127.0.0.1:6379/12"
TARGET_PER_S = 920
SEED = 20261207

REGIONS = [f"{n:02d}" for n in range(1, 18)]
FSAS = ["G1R 2K5", "G1R", "H2X 1Y4", "h3z2y7", "J4K", "G5L 8T3", "", "H1A"]
CLIENTELES = ["youth", "women", "immigrants", "adults", "seniors", "persons-with-disabilities", "unknown-group"]
HOSTS = ["lapresse.ca", "www.ledevoir.com", "facebook.com", "m.facebook.com", "reddit.com", "emploiquebec.gouv.qc.ca"]
ENGINES = ["google", "bing", "duckduckgo", "qwant"]
TAGS = ["metro-2026", "cegep-automne", "bibliotheques", "clsc-est"]
GUIDES = ["preparer-son-cv", "entrevue", "premier-emploi", "retour-aux-etudes", "campaign-guide"]


def event_mix(count: int, organization_ids: list[int], day: str) -> list[dict]:
    """``count`` queued items (the format of speed/events.py), a fixed-seed mix of searches, visits and guide reads."""
    rng = random.Random(SEED)
    items = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.45:
            counts = None
            if rng.random() < 0.33:
                counts = {"eligible": rng.randint(0, 5), "to_confirm": rng.randint(0, 3)}
                counts["not_eligible"] = rng.randint(0, 8)
            recorder = "insights.record.search_record"
            arguments = {
                "region_code": rng.choice(REGIONS),
                "fsa": rng.choice(FSAS),
                "clienteles": rng.sample(CLIENTELES, rng.randint(0, 2)),
                "organization_ids": rng.sample(organization_ids, min(len(organization_ids), rng.randint(15, 20))),
                "today_counts": counts,
                "universal_eligible": rng.randint(0, 6),
            }
        elif roll < 0.90:
            recorder = "insights.record.visit_record"
            source = rng.choices(["direct", "search_engine", "site", "poster", "card", "share", "embed"],
                                 weights=[30, 30, 15, 10, 5, 5, 5])[0]  # fmt: skip
            key = {"search_engine": ENGINES, "site": HOSTS, "poster": TAGS, "card": TAGS, "embed": HOSTS}.get(source)
            arguments = {"source": source, "key": rng.choice(key) if key else ""}
        else:
            recorder = "insights.record.guide_read_record"
            arguments = {"guide_slug": rng.choice(GUIDES), "language": rng.choice(["fr", "fr", "en"])}
        headers = {}
        if rng.random() < 0.02:
            headers = rng.choice([{"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}])
        items.append({"recorder": recorder, "arguments": arguments, "day": day, "headers": headers})
    return items


def written() -> dict[str, int]:
    from django.db.models import Sum

    from insights.models import GuideReadEvent, ImpressionCount, SearchEvent, VisitCount

    return {
        "searches": SearchEvent.objects.count(),
        "impressions": ImpressionCount.objects.aggregate(total=Sum("count"))["total"] or 0,
        "visits": VisitCount.objects.aggregate(total=Sum("count"))["total"] or 0,
        "guide reads": GuideReadEvent.objects.count(),
    }


def worker(args) -> None:
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ["EVENTS_REDIS_PREFIX"] = f"bench-drain-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    django_setup()
    from django.db import connection
    from django.utils import timezone

    from directory.models import Organization
    from speed import events

    prepare_database()
    redis_client = events.client()
    organization_ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True)[:200])
    emit({"kind": "info", "organizations": len(organization_ids)})
    items = [json.dumps(item) for item in event_mix(args.events, organization_ids, timezone.localdate().isoformat())]

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    def queue(chunk: list[str]) -> None:
        for start in range(0, len(chunk), 5000):
            redis_client.rpush(events.queue_key(), *chunk[start : start + 5000])

    try:
        for label, size in (("one batch", args.events), (f"batches of {args.batch:,}", args.batch)):
            before = written()
            wall = cpu = 0.0
            statements = drained = 0
            for start in range(0, len(items), size):
                queue(items[start : start + size])
                started, cpu_started = time.perf_counter(), time.process_time()
                with connection.execute_wrapper(count):
                    drained += events.drain()
                wall += time.perf_counter() - started
                cpu += time.process_time() - cpu_started
            after = written()
            emit({
                "kind": "drain", "batches": label, "events": drained, "wall": wall, "cpu": cpu,
                "statements": statements, "written": {key: after[key] - before[key] for key in after},
                "load": os.getloadavg()[0],
            })  # fmt: skip
    finally:
        for key in redis_client.scan_iter(f"{os.environ['EVENTS_REDIS_PREFIX']}:*"):
            redis_client.delete(key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    passthrough = ["--events", str(args.events), "--batch", str(args.batch)]
    kinds = ["sqlite"] + ([] if args.sqlite_only or not postgres_available() else ["postgresql"])
    print(f"## Draining the event queue ({args.events:,} queued events, {dt.date.today().isoformat()})\n")
    table = []
    for kind in kinds:
        with bench_database(kind, "drain") as url:
            results = run_worker(Path(__file__), url, passthrough, timeout=3600)
        for result in results:
            if result["kind"] == "info":
                print(f"{kind}: searches show 15-20 of the {result['organizations']} organisations of the directory.")
            if result["kind"] != "drain":
                continue
            events = result["events"]
            rows = ", ".join(f"{value:,} {key}" for key, value in result["written"].items())
            rate = events / result["wall"] if result["wall"] else float("nan")
            ok = "yes" if rate >= TARGET_PER_S else "NO"
            table.append([
                kind, result["batches"], f"{events:,}", result["wall"], f"{rate:,.0f}",
                result["cpu"] * 1000 / max(events, 1), f"{result['statements'] / max(events, 1):.3g}", rows, ok,
            ])  # fmt: skip
    headers = ["database", "drained in", "events", "wall (s)", "events/s", "CPU ms/event", "SQL/event"]
    headers += ["written", f"≥ {TARGET_PER_S} events/s"]
    print("\n" + markdown_table(headers, table))
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f} (2 cores shared).")


if __name__ == "__main__":
    main()
