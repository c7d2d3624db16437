"""Insights: what recording costs a search, and how long the dashboard takes with one million events.

    .venv/bin/python bench/insights.py [--events 1000000] [--records 1000] [--repeat 3] [--only postgres,sqlite]

For each database (a throw-away PostgreSQL database on postgres://postgres@127.0.0.1:5432 and a temporary SQLite
file, created and dropped here), a worker process migrates, loads the reference data (geography, sample directory,
rules), then measures:

- search_record: p50/p95 of one call (one INSERT of the event, one small clientèle look-up, one upsert adding one to
  five centres' monthly counters), --records calls with realistic arguments;
- generates --events sample searches (with the centres' counters; about 4 % of them with a contact request) with
  bulk_create, then ANALYZE;
- the network dashboard's report with the disclosure control on (every GROUP BY query, suppression, keyed rounding,
  pure shaping, SVG charts, map): last closed year and quarter, one region: cold (first run) and warm (best of
  --repeat); and one centre's report.

Prints a Markdown table. Target: search_record p95 under 1 ms; dashboard under 2 s on PostgreSQL.
Run by bench/run_all.py (add `Script("insights", "insights.py", quick_args=["--events", "50000"], timeout_s=3600)`).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    bench_database,
    django_setup,
    emit,
    markdown_table,
    percentile,
    postgres_available,
    prepare_database,
    run_worker,
)

TARGET_RECORD_MS = 1.0
TARGET_DASHBOARD_S = 2.0


def _timed(function, repeat: int) -> tuple[float, float]:
    """(cold, warm): the first run, then the best of ``repeat`` more."""
    started = time.perf_counter()
    function()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        warm.append(time.perf_counter() - started)
    return cold, min(warm) if warm else cold


def worker(events: int, records: int, repeat: int) -> None:
    django_setup()
    from django.db import connection
    from django.test import RequestFactory
    from django.utils import translation

    from directory.models import Organization
    from insights.disclosure import period_parse
    from insights.models import ImpressionCount, SearchEvent
    from insights.record import search_record
    from insights.reports import centre_report, network_report
    from insights.sample import sample_events_generate

    timings = prepare_database()
    translation.activate("fr")
    org_ids = list(Organization.objects.values_list("pk", flat=True)[:5])
    request = RequestFactory().get("/fr/recherche/")
    durations = []
    for n in range(records):
        started = time.perf_counter()
        search_record(
            request,
            region_code=f"{n % 17 + 1:02d}",
            fsa="G1R 2K5",
            clienteles=["youth", "immigrants"],
            organization_ids=org_ids,
            today_counts={"eligible": 0, "to_confirm": 2, "not_eligible": 3},
            universal_eligible=5,
        )
        durations.append((time.perf_counter() - started) * 1000)
    ImpressionCount.objects.all().delete()
    SearchEvent.objects.all().delete()
    emit({"metric": "search_record p50 (ms)", "value": percentile(durations, 0.5)})
    emit({"metric": "search_record p95 (ms)", "value": percentile(durations, 0.95)})

    started = time.perf_counter()
    import datetime as dt

    from django.utils import timezone

    # Every event in the last closed year, so the year's dashboard reads all of them.
    last_year_end = dt.date(timezone.localdate().year - 1, 12, 31)
    totals = sample_events_generate(searches=events, impressions=True, end=last_year_end)
    emit({"metric": f"generate {totals['searches']:,} searches + {totals['contacts']:,} contacts (s)",
          "value": time.perf_counter() - started})  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The protection is on: every figure goes through insights/disclosure.py (suppression, keyed rounding).
    year = period_parse(str(last_year_end.year))
    quarter = period_parse(f"{last_year_end.year}-Q4")
    cold, warm = _timed(lambda: network_report(year), repeat)
    emit({"metric": f"dashboard, year {year.code} (12 months), all regions: cold (s)", "value": cold})
    emit({"metric": f"dashboard, year {year.code} (12 months), all regions: warm (s)", "value": warm})
    cold, warm = _timed(lambda: network_report(quarter), repeat)
    emit({"metric": f"dashboard, quarter {quarter.code}, all regions: warm (s)", "value": warm})
    cold, warm = _timed(lambda: network_report(year, "06"), repeat)
    emit({"metric": f"dashboard, year {year.code}, region 06: warm (s)", "value": warm})
    cold, warm = _timed(lambda: centre_report(year, set(org_ids[:1])), repeat)
    emit({"metric": "centre view (impression counters and contacts), year: warm (s)", "value": warm})
    emit({"metric": "setup: migrate + reference data (s)", "value": sum(timings.values())})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="postgres,sqlite")
    parser.add_argument("--timeout", type=int, default=1500, help="Seconds allowed per database")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.events, args.records, args.repeat)
        return
    kinds = [k for k in args.only.split(",") if k in ("postgres", "sqlite")]
    results: dict[str, dict[str, float]] = {}
    for kind in kinds:
        if kind == "postgres" and not postgres_available():
            print("PostgreSQL not reachable: skipped.\n", file=sys.stderr)
            continue
        with bench_database(kind, "insights") as url:
            worker_args = ["--events", str(args.events), "--records", str(args.records), "--repeat", str(args.repeat)]
            try:
                rows = run_worker(Path(__file__), url, worker_args, timeout=args.timeout)
            except Exception as error:  # noqa: BLE001 - report and go on with the other database
                print(f"{kind}: {error}", file=sys.stderr)
                continue
        results[kind] = {row["metric"]: row["value"] for row in rows}
    metrics = list(dict.fromkeys(m for values in results.values() for m in values))
    print(f"### Insights ({args.events:,} events)\n")
    print(
        markdown_table(
            ["measure", *results], [[m, *(results[k].get(m, float("nan")) for k in results)] for m in metrics]
        )
    )
    print(f"\nTargets: search_record p95 < {TARGET_RECORD_MS} ms; dashboard < {TARGET_DASHBOARD_S} s on PostgreSQL.")


if __name__ == "__main__":
    main()
