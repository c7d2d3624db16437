"""Speed against the limit: the site under the production server, each page compared with Django's own floor.

    .venv/bin/python bench/serve.py [--databases sqlite,postgres] [--service-points 100000] [--duration 10]
    .venv/bin/python bench/serve.py --service-points 5000 --duration 3          # quick check, about 2 minutes

For each database (a temporary SQLite file, and a dedicated PostgreSQL database created then dropped) and each
directory (the sample directory, then the same plus N generated service points), gunicorn serves the site with
bench.settings (``--workers 2``, as the README recommends for 2 cores) and a load generator sends, one endpoint after
the other with the same threads, connections and duration:

- (a) ``/bench/minimal``: a minimal Django view (full middleware stack, no template, no query): the floor;
- (b) the finder's results page, ``/fr/search/?where=…``;
- (c) ``/api/v1/search?near=…`` (a third with a clientèle);
- (d) a service point's page, ``/fr/point/<id>/``.

The URLs vary: real postal codes, FSAs and municipality names (bench/search.py's ``query_list``) and service point
ids read from the database. The load generator is wrk (Debian package) with a Lua script that cycles through them and
prints the latency percentiles; without wrk, a stdlib thread client does the same (the output says which ran).

Prints, per database and directory: requests/s, p50 and p95, non-2xx answers and the throughput ratio to (a), with
the verdict against the targets (ratios at least 0.5 with the sample directory, 0.3 with the generated one); the peak
resident memory of each worker after the load (target under 250 MB with 100,000 service points); and, measured in
process in a worker subprocess, the SQL queries per request and where a request's time goes (SQL, templates, the
view's own Python, and what runs outside the view: middleware, request handling, after-response tasks).
"""

import argparse
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    DEFAULT_POSTGRES,
    PYTHON,
    RESULT_PREFIX,
    ROOT,
    bench_database,
    emit,
    markdown_table,
    percentile,
    postgres_available,
)
from bench.server import Server, prepare, serve, server_env  # noqa: E402

SEED = 20261127
WRK = "/usr/bin/wrk"
WRK_PREFIX = "WRK-RESULT "
TARGET_RATIO = {"sample": 0.5, "generated": 0.3}
TARGET_PEAK_RSS_MB = 250.0
# (key, label) in the order they are measured; "minimal" is the floor the others are compared with.
ENDPOINTS = [
    ("minimal", "(a) minimal view"),
    ("results", "(b) results page"),
    ("api", "(c) /api/v1/search"),
    ("point", "(d) service point page"),
]
LABELS = dict(ENDPOINTS)


# --- Worker: runs inside Django (bench.settings, the served database) ---------------------------------------------


@dataclass
class Meter:
    """Time and query counters that the patched Django hooks add to while one request runs."""

    sql_count: int = 0
    sql_s: float = 0.0
    template_s: float = 0.0  # outermost template renders, minus the SQL run while rendering
    view_s: float = 0.0
    sql_in_view_s: float = 0.0
    template_in_view_s: float = 0.0
    depth: int = 0

    def reset(self) -> None:
        self.sql_count, self.sql_s, self.template_s = 0, 0.0, 0.0
        self.view_s, self.sql_in_view_s, self.template_in_view_s = 0.0, 0.0, 0.0


def instrument(meter: Meter) -> None:
    """Time SQL (execute wrapper), template rendering (outermost render) and the view (the resolved callable)."""
    import functools

    from django.core.handlers.base import BaseHandler
    from django.db import connection
    from django.template.backends.django import Template

    def time_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            meter.sql_s += time.perf_counter() - started
            meter.sql_count += 1

    connection.execute_wrappers.append(time_sql)

    original_render = Template.render

    def render(self, context=None, request=None):
        if meter.depth:
            return original_render(self, context, request)
        meter.depth += 1
        started, sql_before = time.perf_counter(), meter.sql_s
        try:
            return original_render(self, context, request)
        finally:
            meter.depth -= 1
            meter.template_s += (time.perf_counter() - started) - (meter.sql_s - sql_before)

    Template.render = render

    original_resolve = BaseHandler.resolve_request

    def resolve_request(self, request):
        match = original_resolve(self, request)
        view = match.func

        @functools.wraps(view)
        def timed(*args, **kwargs):
            started, sql_before, template_before = time.perf_counter(), meter.sql_s, meter.template_s
            try:
                return view(*args, **kwargs)
            finally:
                meter.view_s += time.perf_counter() - started
                meter.sql_in_view_s += meter.sql_s - sql_before
                meter.template_in_view_s += meter.template_s - template_before

        match.func = timed
        return match

    BaseHandler.resolve_request = resolve_request


def endpoint_paths(count: int) -> dict[str, list[str]]:
    """Varied URLs per endpoint: real places for the searches, random active service points for (d)."""
    from bench.search import query_list
    from directory.models import ServiceAtLocation

    queries = query_list(count)
    ids = list(ServiceAtLocation.objects.filter(is_active=True).values_list("pk", flat=True))
    rng = random.Random(SEED)
    points = rng.sample(ids, min(count, len(ids)))
    return {
        "minimal": ["/bench/minimal"],
        "results": [f"/fr/search/?{urllib.parse.urlencode({'where': q['near']})}" for q in queries],
        "api": [f"/api/v1/search?{urllib.parse.urlencode(q)}" for q in queries],
        "point": [f"/fr/point/{pk}/" for pk in points],
    }


def in_process(paths: list[str], meter: Meter, requests: int) -> dict:
    """Per request, through Django's test client: queries, statuses, total time and where it went (ms)."""
    from django.test import Client

    client = Client()
    cycle = [paths[i % len(paths)] for i in range(requests)]
    for path in cycle[:5]:  # warm-up: imports, caches, prepared templates
        client.get(path)
    rows = []
    for path in cycle:
        meter.reset()
        started = time.perf_counter()
        response = client.get(path)
        total = time.perf_counter() - started
        rows.append((response.status_code, meter.sql_count, total, meter.sql_s, meter.template_s, meter.view_s,
                     meter.sql_in_view_s, meter.template_in_view_s))  # fmt: skip
    counts = [row[1] for row in rows]
    ms = 1000.0

    def mean(index: int) -> float:
        return statistics.fmean(row[index] for row in rows) * ms

    total, sql, template, view = mean(2), mean(3), mean(4), mean(5)
    sql_in_view, template_in_view = mean(6), mean(7)
    return {
        "statuses": {str(s): sum(1 for row in rows if row[0] == s) for s in sorted({row[0] for row in rows})},
        "queries_min": min(counts),
        "queries_median": statistics.median(counts),
        "queries_max": max(counts),
        "total_p50": percentile([row[2] for row in rows], 0.5) * ms,
        "total_mean": total,
        "sql": sql,
        "templates": template,
        "view_python": view - sql_in_view - template_in_view,
        "outside_view": total - view - (sql - sql_in_view) - (template - template_in_view),
    }


def profile_top(paths: list[str], requests: int, lines: int) -> str:
    """cProfile of the requests in process: the functions with the most own time (for the notes)."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    client = Client()
    for path in paths[:5]:  # a new client builds the middleware chain on its first request (WhiteNoise scans files)
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for index in range(requests):
        client.get(paths[index % len(paths)])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def connect_cost_ms(connection, times: int = 30) -> float:
    """Median time to open the database connection and run its set-up (SQLite reconnects on every request)."""
    spent = []
    for _ in range(times):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent) * 1000


def worker(args: argparse.Namespace) -> None:
    """Reads the URLs to load and measures each endpoint in process; prints one JSON result."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from directory.models import ServiceAtLocation

    if connection.vendor == "postgresql":  # statistics and visibility map after the bulk load, as search.py does
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    paths = endpoint_paths(args.paths)
    connect_ms = connect_cost_ms(connection)
    meter = Meter()
    instrument(meter)
    measured = {key: in_process(paths[key], meter, args.in_process_requests) for key, _label in ENDPOINTS}
    profiles = {}
    if args.profile:
        for key in args.profile.split(","):
            profiles[key] = profile_top(paths[key], args.in_process_requests, 25)
    emit(
        {
            "database": connection.vendor,
            "service_points": ServiceAtLocation.objects.filter(is_active=True).count(),
            "paths": paths,
            "in_process": measured,
            "profiles": profiles,
            "connect_ms": connect_ms,
        }
    )


def run_worker(database_url: str, args: argparse.Namespace) -> dict:
    """The worker above, in a subprocess configured like the served site (bench.settings, same database)."""
    command = [PYTHON, str(Path(__file__)), "--worker", "--paths", str(args.paths)]
    command += ["--in-process-requests", str(args.in_process_requests)]
    if args.profile:
        command += ["--profile", args.profile]
    completed = subprocess.run(
        command, cwd=ROOT, env=server_env(database_url), capture_output=True, text=True, timeout=900
    )
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-15:])
        raise RuntimeError(f"serve.py worker failed:\n{tail}")
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    return json.loads(lines[-1].removeprefix(RESULT_PREFIX))


# --- Load generators ----------------------------------------------------------------------------------------------


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    non_2xx: int
    socket_errors: int
    worker_cpu_s: float = math.nan  # the gunicorn workers' CPU time during the load

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else math.nan

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.worker_cpu_s / self.requests if self.requests else math.nan


LUA = """
local paths = {%(paths)s}
local threads = {}
local next_offset = 0

function setup(thread)
  thread:set("offset", next_offset)
  next_offset = next_offset + 1
  table.insert(threads, thread)
end

function init(args)
  -- each thread starts at its own place in the list, so that the threads do not send the same URL at once
  position = (offset * 7919) %% #paths
  non2xx = 0
end

function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
  local errors = summary.errors
  io.write(string.format("%(prefix)s%%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), bad,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def lua_script(paths: list[str]) -> str:
    quoted = ",".join(json.dumps(path) for path in paths)  # URL paths are ASCII: a JSON string is a Lua string
    return LUA % {"paths": quoted, "prefix": WRK_PREFIX}


def wrk_load(base_url: str, paths: list[str], *, threads: int, connections: int, seconds: float) -> Load:
    """wrk with a Lua script cycling through ``paths``; latency percentiles as wrk measures them."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(paths))
    try:
        command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s"]
        completed = subprocess.run(
            [*command, "-s", script.name, base_url], capture_output=True, text=True, timeout=seconds + 60
        )
    finally:
        os.unlink(script.name)
    line = next((x for x in completed.stdout.splitlines() if x.startswith(WRK_PREFIX)), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {completed.stdout[-500:]} {completed.stderr[-500:]}")
    requests, duration_us, p50_us, p95_us, non_2xx, errors = (int(x) for x in line.removeprefix(WRK_PREFIX).split())
    return Load(requests, duration_us / 1e6, p50_us / 1000, p95_us / 1000, non_2xx, errors)


def thread_load(base_url: str, paths: list[str], *, threads: int, connections: int, seconds: float) -> Load:
    """Fallback without wrk: one stdlib thread per connection, each GETting the paths in turn until time is up."""
    del threads  # one thread per connection
    host, port = urllib.parse.urlsplit(base_url).netloc.split(":")
    latencies: list[float] = []
    failures = {"non_2xx": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(offset: int) -> None:
        position, mine, non_2xx, errors = offset * 7919, [], 0, 0
        while time.monotonic() < deadline:
            position += 1
            started = time.perf_counter()
            try:
                connection = HTTPConnection(host, int(port), timeout=30)
                connection.request("GET", paths[position % len(paths)])
                response = connection.getresponse()
                response.read()
                connection.close()
            except OSError:
                errors += 1
                continue
            mine.append(time.perf_counter() - started)
            non_2xx += not 200 <= response.status < 300
        with lock:
            latencies.extend(mine)
            failures["non_2xx"] += non_2xx
            failures["errors"] += errors

    started = time.monotonic()
    workers = [threading.Thread(target=run, args=(n,)) for n in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    ms = 1000.0
    return Load(
        len(latencies),
        elapsed,
        percentile(latencies, 0.5) * ms,
        percentile(latencies, 0.95) * ms,
        failures["non_2xx"],
        failures["errors"],
    )


def ensure_wrk() -> bool:
    """wrk from Debian; installed with apt-get when missing and we are root. False: use the thread client."""
    if Path(WRK).exists():
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, timeout=300)
    return Path(WRK).exists()


# --- Parent: databases, servers, load, report -----------------------------------------------------------------------


@dataclass
class Run:
    database: str
    directory: str
    service_points: int
    loads: dict[str, Load] = field(default_factory=dict)
    in_process: dict[str, dict] = field(default_factory=dict)
    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    connect_ms: float = math.nan


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (from /proc; a process gone counts as 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / os.sysconf("SC_CLK_TCK")


def load_endpoints(server: Server, paths: dict[str, list[str]], args: argparse.Namespace, loader) -> dict:
    """Each endpoint in turn: a short warm-up, then the measured load with the same threads/connections/duration.

    The workers' CPU time over the measured load is recorded too: CPU per request is what decides throughput when the
    workers are CPU-bound, and other work on the machine changes it much less than it changes requests/s.
    """
    loads = {}
    for key, _label in ENDPOINTS:
        options = {"threads": args.threads, "connections": args.connections}
        if args.warmup > 0:
            loader(server.url, paths[key], seconds=args.warmup, **options)
        pids = server.worker_pids()
        cpu_before = cpu_seconds(pids)
        load = loader(server.url, paths[key], seconds=args.duration, **options)
        load.worker_cpu_s = cpu_seconds(pids) - cpu_before
        loads[key] = load
    return loads


def generate(database_url: str, service_points: int) -> float:
    """Add the generated directory to a database already prepared (prepare() would reload the sample data too)."""
    started = time.perf_counter()
    command = [PYTHON, "manage.py", "generate_directory", "--service-points", str(service_points)]
    subprocess.run(command, cwd=ROOT, env=server_env(database_url), check=True, capture_output=True)
    return time.perf_counter() - started


def measure_database(kind: str, args: argparse.Namespace, loader, notes: list[str]) -> list[Run]:
    runs = []
    with bench_database(kind, "serve", args.postgres) as url:
        timings = prepare(url)
        notes.append(f"{kind}: set-up " + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in timings.items()))
        directories = [("sample", 0)] + ([("generated", args.service_points)] if args.service_points else [])
        for directory, points in directories:
            if points:
                seconds = generate(url, points)
                notes.append(f"{kind}: generate_directory --service-points {points:,} took {seconds:.0f} s")
            measured = run_worker(url, args)
            run = Run(measured["database"], directory, measured["service_points"])
            run.in_process, run.profiles = measured["in_process"], measured["profiles"]
            run.connect_ms = measured["connect_ms"]
            # A fresh server per directory: worker memory then reflects this directory only.
            with serve(url, workers=args.workers) as server:
                run.loads = load_endpoints(server, measured["paths"], args, loader)
                run.peak_rss_mb = server.peak_rss_mb()
            runs.append(run)
    return runs


def ratio(run: Run, key: str) -> float:
    floor = run.loads["minimal"].per_second
    return run.loads[key].per_second / floor if floor else math.nan


def report(runs: list[Run], args: argparse.Namespace, client: str, notes: list[str]) -> None:
    print("## Speed against the limit: pages under gunicorn, compared with a minimal Django view\n")
    print(
        f"gunicorn, {args.workers} sync workers, bench.settings; load from {client}: {args.threads} threads,"
        f" {args.connections} connections, {args.duration:g} s per endpoint after a {args.warmup:g} s warm-up,"
        f" cycling through {args.paths} varied URLs (real postal codes, FSAs, municipalities; random service points)."
        " Ratio: the endpoint's requests/s over the minimal view's; CPU ratio: the minimal view's worker CPU time per"
        " request over the endpoint's (the throughput ratio when workers are CPU-bound; other load on the machine"
        " moves it less). Targets: each ratio at least"
        f" {TARGET_RATIO['sample']} with the sample directory and {TARGET_RATIO['generated']} with the generated one;"
        f" worker peak RSS under {TARGET_PEAK_RSS_MB:.0f} MB with the generated directory.\n"
    )
    rows = []
    for run in runs:
        for key, label in ENDPOINTS:
            load = run.loads[key]
            floor_cpu = run.loads["minimal"].cpu_ms_per_request
            rows.append([run.database, f"{run.directory} ({run.service_points:,})", label, load.per_second,
                         load.p50_ms, load.p95_ms, load.non_2xx, load.socket_errors,
                         "1" if key == "minimal" else f"{ratio(run, key):.2f}", load.cpu_ms_per_request,
                         f"{floor_cpu / load.cpu_ms_per_request:.2f}"])  # fmt: skip
    headers = ["database", "directory (service points)", "endpoint", "requests/s", "p50 ms", "p95 ms", "non-2xx"]
    headers += ["socket errors", "ratio to (a)", "worker CPU ms/request", "CPU ratio to (a)"]
    print(markdown_table(headers, rows))
    print("\n### Verdict\n")
    verdict_rows = []
    for run in runs:
        target = TARGET_RATIO[run.directory]
        ratios = {key: ratio(run, key) for key, _label in ENDPOINTS[1:]}
        verdict = "met" if all(value >= target for value in ratios.values()) else "missed"
        verdict_rows.append([run.database, run.directory, *(f"{value:.2f}" for value in ratios.values()),
                             f"≥ {target}", verdict])  # fmt: skip
    print(markdown_table(["database", "directory", "(b)/(a)", "(c)/(a)", "(d)/(a)", "target", "verdict"], verdict_rows))
    print("\n### Worker memory after the load (peak RSS, VmHWM)\n")
    memory_rows = []
    for run in runs:
        peaks = sorted(run.peak_rss_mb.values())
        worst = max(peaks) if peaks else math.nan
        verdict = "—" if run.directory != "generated" else ("met" if worst < TARGET_PEAK_RSS_MB else "missed")
        memory_rows.append([run.database, f"{run.directory} ({run.service_points:,})",
                            ", ".join(f"{peak:.0f}" for peak in peaks), worst, verdict])  # fmt: skip
    print(markdown_table(["database", "directory", "workers' peak RSS MB", "max MB", "< 250 MB"], memory_rows))
    print(
        "\n### SQL queries per request and where the time goes (in process, test client, one thread)\n\n"
        f"{args.in_process_requests} requests per endpoint over the same URLs, through every middleware. SQL queries:"
        " statements sent through Django's cursors, median (range); SQLite's BEGIN and COMMIT are not among them"
        " (tests/test_query_counts.py asserts the counts, savepoints included). Mean ms per"
        " request: SQL (the queries' execute time), templates (rendering, without the SQL it triggers), view (the"
        " view's own Python: forms, search, ORM objects, JSON), outside the view (middleware, request and response"
        " handling, after-response tasks such as recording the search). Share of the total in brackets.\n"
    )
    breakdown = []
    for run in runs:
        floor = run.in_process["minimal"]["total_p50"]
        for key, label in ENDPOINTS:
            m = run.in_process[key]
            total = m["total_mean"]

            def part(name: str, m=m, total=total) -> str:
                return f"{m[name]:.2f} ({100 * m[name] / total:.0f} %)" if total else "—"

            queries = f"{m['queries_median']:g}"
            if m["queries_min"] != m["queries_max"]:
                queries += f" ({m['queries_min']}–{m['queries_max']})"
            statuses = " ".join(f"{code}×{n}" for code, n in m["statuses"].items())
            breakdown.append([run.database, run.directory, label, queries, m["total_p50"],
                              f"{floor / m['total_p50']:.2f}", total, part("sql"), part("templates"),
                              part("view_python"), part("outside_view"), statuses])  # fmt: skip
    headers = ["database", "directory", "endpoint", "SQL queries", "p50 ms", "p50 ratio to (a)", "mean ms", "SQL"]
    headers += ["templates", "view Python", "outside view", "statuses"]
    print(markdown_table(headers, breakdown))
    print()
    for run in runs:
        if run.database == "sqlite" and run.directory == "sample":
            notes.append(
                f"SQLite opens its connection on every request that queries (CONN_MAX_AGE 0): {run.connect_ms:.2f} ms"
                " (median, in process), part of each page's cost under gunicorn but not of the in-process figures."
            )
    for note in notes:
        print(f"- {note}")
    for run in runs:
        for key, text in run.profiles.items():
            print(f"\n<details><summary>cProfile, {run.database} / {run.directory} / {LABELS[key]}</summary>\n")
            print("```\n" + text.strip() + "\n```\n</details>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--service-points", type=int, default=100_000, help="generated points (0: sample only)")
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per endpoint")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up load per endpoint")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (README: 2 per 2 cores)")
    parser.add_argument("--paths", type=int, default=300, help="varied URLs per endpoint")
    parser.add_argument("--in-process-requests", type=int, default=60, help="per endpoint, for queries and times")
    parser.add_argument("--client", choices=["auto", "wrk", "threads"], default="auto")
    parser.add_argument("--profile", default="", help="endpoints to cProfile in process, e.g. results,point")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL, without a database name")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    use_wrk = args.client == "wrk" or (args.client == "auto" and ensure_wrk())
    if use_wrk and not Path(WRK).exists():
        sys.exit(f"{WRK} is missing: install it (apt-get install wrk) or use --client threads")
    loader = wrk_load if use_wrk else thread_load
    client = "wrk (Debian)" if use_wrk else "a stdlib thread client (wrk unavailable)"
    notes = [f"load average at start: {', '.join(f'{v:.1f}' for v in os.getloadavg())} ({os.cpu_count()} cores)."]
    runs = []
    for kind in args.databases.split(","):
        if kind == "postgres" and not postgres_available(args.postgres):
            notes.append(f"PostgreSQL unreachable at {args.postgres}: skipped.")
            continue
        started = time.monotonic()
        try:
            runs += measure_database(kind, args, loader, notes)
        except Exception as error:  # noqa: BLE001 - a failed database is reported, the others still run
            notes.append(f"{kind}: failed: {error}")
        notes.append(f"{kind}: {time.monotonic() - started:.0f} s in all.")
    notes.append(f"load average at end: {', '.join(f'{v:.1f}' for v in os.getloadavg())}.")
    notes.append(
        "The load generator shares the CPU cores with the server (and with anything else running): requests/s and"
        " latencies move with that load, worker CPU per request much less."
    )
    report(runs, args, client, notes)


if __name__ == "__main__":
    main()
