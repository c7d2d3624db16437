"""How long a search takes on the server: p50 and p95 over varied real places, per database and directory size.

    .venv/bin/python bench/search.py [--queries 500] [--service-points 100000] [--databases sqlite,postgres]

For each database (a temporary SQLite file, and a dedicated PostgreSQL database created then dropped), a worker
process migrates, loads the reference data (geography + sample directory), measures, then adds a generated directory
and measures again. Each measurement runs the same list of queries (random real postal codes, FSAs and municipality
names from data/geography, a third of them with a clientèle filter) and times, in process:

- core: place resolution + nearest-first search + loading the page of results (the API's own functions);
- API: GET /api/v1/search through Django's test client (every middleware, JSON rendering);
- page: GET of the finder's HTML results page, when the finder has one.

Prints a Markdown table; run by bench/run_all.py. Bounded: each worker stops after --time-limit seconds.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    DEFAULT_POSTGRES,
    bench_database,
    django_setup,
    emit,
    generate_directory,
    markdown_table,
    percentile,
    postgres_available,
    prepare_database,
    run_worker,
)

SEED = 20261126
TARGET_P95_MS = 15.0
# A profile outside the province-wide criteria, so that regional rules and mandates are all consulted.
ELIGIBILITY_PROFILE = {"employment": "employed", "income_support": "none", "immigration_status": "temporary_resident"}


def query_list(count: int) -> list[dict]:
    """Varied, reproducible searches: postal codes, FSAs (urban) and municipality names, some with a clientèle."""
    from directory.models import Clientele
    from geography.models import ForwardSortationArea, Municipality, PostalCode

    rng = random.Random(SEED)
    codes = list(PostalCode.objects.order_by("code").values_list("code", flat=True))
    fsas = list(ForwardSortationArea.objects.filter(is_rural=False).order_by("code").values_list("code", flat=True))
    names = list(Municipality.objects.order_by("-population").values_list("name", flat=True)[:600])
    clienteles = list(Clientele.objects.values_list("slug", flat=True))
    queries = []
    for index in range(count):
        pool = (codes, fsas, names)[index % 3] or codes or names
        near = rng.choice(pool)
        if pool is codes:
            near = f"{near[:3]} {near[3:]}" if rng.random() < 0.5 else near.lower()
        query = {"near": near}
        if clienteles and rng.random() < 1 / 3:
            query["clientele"] = rng.choice(clienteles)
        queries.append(query)
    return queries


def results_page_path() -> str | None:
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    with translation.override("fr"):
        for name in ("finder:results", "finder:search"):
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
    return None


def time_core(queries: list[dict], deadline: float) -> dict[str, list[float]]:
    """Seconds spent per search in each step: resolving the place, finding the hits, building the results."""
    from api.errors import ApiError
    from api.listing import results_for
    from api.origin import origin_for
    from finder.search import SearchParams, search

    steps = {"resolve": [], "search": [], "results": [], "core": []}
    for query in queries:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        try:
            origin = origin_for(near=query["near"], lat=None, lon=None)
        except ApiError:
            continue
        resolved = time.perf_counter()
        clienteles = (query["clientele"],) if "clientele" in query else ()
        hits, _total = search(SearchParams(origin["latitude"], origin["longitude"], clienteles=clienteles))
        found = time.perf_counter()
        results_for(hits)
        done = time.perf_counter()
        steps["resolve"].append(resolved - started)
        steps["search"].append(found - resolved)
        steps["results"].append(done - found)
        steps["core"].append(done - started)
    return steps


def time_http(client, path: str, queries: list[dict], deadline: float, cpu: list[float] | None = None):
    """Wall-clock seconds per request, statuses and SQL query count; this thread's CPU seconds go into ``cpu``."""
    from django.db import connection

    timings, statuses, counted = [], [], [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for query in queries:
            if time.monotonic() > deadline:
                break
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get(path, query)
            timings.append(time.perf_counter() - started)
            if cpu is not None:
                cpu.append(time.thread_time() - started_cpu)
            statuses.append(response.status_code)
    return timings, statuses, counted[0]


def measure(label: str, queries: list[dict], deadline: float) -> dict:
    from django.test import Client

    from directory.models import ServiceAtLocation

    client = Client()
    warmup = queries[:20]
    time_core(warmup, deadline)
    time_http(client, "/api/v1/search", warmup, deadline)
    steps = time_core(queries, deadline)
    core = steps["core"]
    api_cpu: list[float] = []
    api, statuses, sql = time_http(client, "/api/v1/search", queries, deadline, api_cpu)
    # The same searches with an eligibility profile: each result also gets its decision under both rule sets. The
    # plain and profiled requests alternate, so that a burst of other load on the machine hits both series alike.
    profiled = [{**query, **ELIGIBILITY_PROFILE} for query in queries]
    paired_api, eligible_api = [], []
    for query, with_profile in zip(queries, profiled, strict=True):
        paired_api += time_http(client, "/api/v1/search", [query], deadline)[0]
        eligible_api += time_http(client, "/api/v1/search", [with_profile], deadline)[0]
    page_path = results_page_path()
    # The finder's form names the place "where"; its clientèle questions are not the API's slugs.
    page_queries = [{"where": query["near"]} for query in queries]
    page, page_statuses, _sql = time_http(client, page_path, page_queries, deadline) if page_path else ([], [], 0)
    ms = 1000.0
    return {
        "resolve_p50": percentile(steps["resolve"], 0.5) * ms,
        "search_p50": percentile(steps["search"], 0.5) * ms,
        "search_p95": percentile(steps["search"], 0.95) * ms,
        "results_p50": percentile(steps["results"], 0.5) * ms,
        "directory": label,
        "service_points": ServiceAtLocation.objects.filter(is_active=True).count(),
        "queries": len(api),
        "core_p50": percentile(core, 0.5) * ms,
        "core_p95": percentile(core, 0.95) * ms,
        "api_p50": percentile(api, 0.5) * ms,
        "api_p95": percentile(api, 0.95) * ms,
        "api_eligibility_p95": percentile(eligible_api, 0.95) * ms if eligible_api else float("nan"),
        "api_paired_p95": percentile(paired_api, 0.95) * ms if paired_api else float("nan"),
        "api_cpu_p50": percentile(api_cpu, 0.5) * ms,
        "api_cpu_p95": percentile(api_cpu, 0.95) * ms,
        "page_p50": percentile(page, 0.5) * ms if page else float("nan"),
        "page_p95": percentile(page, 0.95) * ms if page else float("nan"),
        "sql_per_request": sql / len(api) if api else float("nan"),
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
        "page_statuses": {str(code): page_statuses.count(code) for code in sorted(set(page_statuses))},
    }


def worker(args: argparse.Namespace) -> None:
    django_setup()
    from django.db import connection

    deadline = time.monotonic() + args.time_limit
    timings = prepare_database()
    queries = query_list(args.queries)
    result = measure("sample", queries, deadline)
    emit({**result, "database": connection.vendor, "setup_s": timings})
    if args.service_points:
        timings = generate_directory(args.service_points)
        connection.close()  # fresh connection and planner statistics after the bulk load
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load in production: planner statistics, and the visibility map
            # that lets the search's covering index answer without visiting the table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        result = measure("generated", queries, deadline)
        emit({**result, "database": connection.vendor, "setup_s": timings})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--service-points", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL, without a database name")
    parser.add_argument("--time-limit", type=float, default=900, help="seconds per database worker")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    rows, steps = [], []
    notes = [f"load average at start: {', '.join(f'{v:.1f}' for v in os.getloadavg())}."]
    for kind in args.databases.split(","):
        if kind == "postgres" and not postgres_available(args.postgres):
            notes.append(f"PostgreSQL unreachable at {args.postgres}: skipped.")
            continue
        started = time.monotonic()
        with bench_database(kind, "search", args.postgres) as url:
            worker_args = ["--queries", str(args.queries), "--service-points", str(args.service_points)]
            worker_args += ["--time-limit", str(args.time_limit)]
            try:
                results = run_worker(Path(__file__), url, worker_args, timeout=args.time_limit + 900)
            except Exception as error:  # noqa: BLE001 - a failed database is reported, the others still run
                notes.append(f"{kind}: {error}")
                continue
        for result in results:
            setup = ", ".join(f"{step} {seconds:.0f} s" for step, seconds in result["setup_s"].items())
            rows.append(
                [
                    result["database"],
                    result["directory"],
                    f"{result['service_points']:,}",
                    result["queries"],
                    result["core_p50"],
                    result["core_p95"],
                    result["api_p50"],
                    result["api_p95"],
                    result["api_cpu_p50"],
                    result["api_cpu_p95"],
                    result["api_paired_p95"],
                    result["api_eligibility_p95"],
                    f"{100 * (result['api_eligibility_p95'] / result['api_paired_p95'] - 1):+.0f} %",
                    result["page_p50"],
                    result["page_p95"],
                    result["sql_per_request"],
                    " ".join(f"{code}×{n}" for code, n in result["statuses"].items()),
                ]
            )
            steps.append(
                [
                    result["database"],
                    result["directory"],
                    result["resolve_p50"],
                    result["search_p50"],
                    result["search_p95"],
                    result["results_p50"],
                    " ".join(f"{code}×{n}" for code, n in result["page_statuses"].items()),
                ]
            )
            notes.append(f"{result['database']} / {result['directory']}: set-up {setup}.")
        notes.append(f"{kind}: worker took {time.monotonic() - started:.0f} s in all.")

    print("## Search: server time per request (ms)\n")
    print(
        f"{args.queries} varied searches (real postal codes, FSAs and municipalities; a third with a clientèle),"
        f" radius 50 km, 20 results; in process, one thread. Target: API p95 < {TARGET_P95_MS:.0f} ms at"
        " 100,000 service points. CPU columns: this process's CPU time per API request, which other load on the"
        " machine inflates less than wall time (with SQLite it includes the queries; with PostgreSQL the server's"
        " work is not in it). Eligibility: the same searches with a profile, each alternating with the plain"
        " search (the paired column), so that other load on the machine weighs on both alike.\n"
    )
    headers = ["database", "directory", "service points", "searches", "core p50", "core p95", "API p50", "API p95"]
    headers += ["API CPU p50", "API CPU p95", "API p95 (paired)", "API + eligibility p95", "eligibility adds"]
    headers += ["page p50", "page p95", "SQL/request", "API statuses"]
    print(markdown_table(headers, rows))
    print()
    print("Where the core time goes (ms): resolving the place, finding the hits (finder.search), building the page.\n")
    step_headers = ["database", "directory", "resolve p50", "search p50", "search p95", "results p50", "page statuses"]
    print(markdown_table(step_headers, steps))
    print()
    for note in notes:
        print(f"- {note}")


if __name__ == "__main__":
    main()
