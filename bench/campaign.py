"""Campaign day: the site under the production server while an awareness campaign sends people to it.

    .venv/bin/python bench/campaign.py                 # both databases, sample directory and 100,000 points
    .venv/bin/python bench/campaign.py --quick         # a few minutes: fewer searches, one round, sample only

For each database (a temporary SQLite file, a PostgreSQL database created then dropped) and directory (the sample
directory, then the same plus N generated service points), gunicorn (2 sync workers, bench.settings) serves the site
with the page cache in Redis (database 14, a key prefix of this run) and the task worker (``db_worker``) draining the
event queue, as production would run. wrk (16 connections) then sends, in alternating rounds with the minimal view
(``/bench/minimal``, the full middleware stack and nothing else):

- **the replay**: ``--searches`` results-page searches whose postal codes follow a Zipf law (s = 1) over the real
  postal codes ranked by the population they stand for (their municipality's population, from the bundled
  municipalities file, shared among the municipality's postal codes; unmatched place names take their FSA's mean),
  typed as people type them (``H2X 1Y4`` or ``h2x1y4``); after a search, a service point page (40 %, Zipf over the
  points), a guide (10 %) or the home page (5 %). Each round starts cold (the run's cache keys deleted) and lasts
  ``--replay-seconds`` (the table says how much of the list was sent; wrk's threads take it in turn);
- **each page repeated** (home, guide, service point, eligibility, results page, ``/api/v1/search``): warm cache;
- **cold misses**: ``--cold`` distinct postal codes (20,000) on the results page, on ``/api/v1/search`` (20 results)
  and on ``/api/v1/search?limit=99``, cache emptied first, the load shorter than the list (the hit rate shows it:
  0 % when every request was a miss; a list of 2,000 was too short once misses got cheap, and was sent twice);
- with ``--compare-off``: the replay again on a server with ``PAGE_CACHE=False`` (the project before the cache).

Prints per load: requests/s, p50/p95/p99 (wrk), hit rate (``X-Page-Cache: hit``), the ratio to the minimal view of
the same round, the gunicorn workers' CPU per request and the task worker's, and the workers' peak RSS. The machine
is shared: the load average is printed with the figures and rounds alternate so that other load weighs on both.
"""

import argparse
import bisect
import csv
import gzip
import itertools
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DEFAULT_POSTGRES, PYTHON, RESULT_PREFIX, ROOT, bench_database, emit, markdown_table  # noqa: E402
from bench.serve import cpu_seconds, generate  # noqa: E402
from bench.server import prepare, serve, server_env  # noqa: E402

SEED = 20261206
WRK = "/usr/bin/wrk"
WRK_PREFIX = "WRK-RESULT "
REDIS_URL = "redis://127.0.0.1:6379/14"
DATA = ROOT / "data" / "geography"
TARGETS = {
    "home": 0.5, "guide": 0.5, "point": 0.5, "eligibility": 0.5, "results repeated": 0.5, "api repeated": 0.3,
    "results cold": 0.15, "api cold (20)": 0.3, "campaign replay": 0.3,
}  # fmt: skip


# --- The replay's postal codes -------------------------------------------------------------------------------------


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bste?\b-?", lambda m: "sainte-" if m.group(0).startswith("ste") else "saint-", text)
    return re.sub(r"[^a-z]", "", text)


def ranked_postal_codes() -> list[str]:
    """Real postal codes, most people first: municipality population shared among its postal codes."""
    population: dict[str, int] = {}
    with (DATA / "qc_municipalities.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            population[fold(row["name"])] = population.get(fold(row["name"]), 0) + int(row["population"] or 0)
    with gzip.open(DATA / "qc_postal_codes.csv.gz", "rt", encoding="utf-8") as file:
        rows = [(row["postal_code"], fold(row["place_name"])) for row in csv.DictReader(file)]
    per_place: dict[str, int] = {}
    for _code, place in rows:
        per_place[place] = per_place.get(place, 0) + 1
    weights: dict[str, float] = {}
    by_fsa: dict[str, list[float]] = {}
    for code, place in rows:
        if place in population:
            weights[code] = population[place] / per_place[place]
            by_fsa.setdefault(code[:3], []).append(weights[code])
    overall = statistics.median(weights.values())
    for code, _place in rows:
        if code not in weights:
            weights[code] = statistics.fmean(by_fsa[code[:3]]) if code[:3] in by_fsa else overall
    rng = random.Random(SEED)
    codes = [code for code, _place in rows]
    rng.shuffle(codes)  # ties in a random order
    return sorted(codes, key=lambda code: -weights[code])


def zipf_sampler(size: int, rng: random.Random, s: float = 1.0):
    cumulative = list(itertools.accumulate(1 / (rank**s) for rank in range(1, size + 1)))
    total = cumulative[-1]
    return lambda: bisect.bisect_left(cumulative, rng.random() * total)


def typed(code: str, rng: random.Random) -> str:
    return code if rng.random() < 0.7 else code.replace(" ", "").lower()


def replay_paths(searches: int, point_ids: list[int], guide_slugs: list[str]) -> list[str]:
    rng = random.Random(SEED)
    codes = ranked_postal_codes()
    pick_code = zipf_sampler(len(codes), rng)
    pick_point = zipf_sampler(len(point_ids), rng)
    paths = []
    for _ in range(searches):
        paths.append("/fr/search/?" + urlencode({"where": typed(codes[pick_code()], rng)}))
        roll = rng.random()
        if roll < 0.40:
            paths.append(f"/fr/point/{point_ids[pick_point()]}/")
        elif roll < 0.50 and guide_slugs:
            paths.append(f"/fr/guides/{rng.choice(guide_slugs)}/")
        elif roll < 0.55:
            paths.append("/fr/")
    return paths


def worker(args: argparse.Namespace) -> None:
    """Inside Django (the served database): the URL lists."""
    import django

    django.setup()
    from directory.models import ServiceAtLocation
    from guides.models import Guide

    rng = random.Random(SEED)
    points = list(ServiceAtLocation.objects.filter(is_active=True).values_list("pk", flat=True))
    rng.shuffle(points)
    guides = sorted(Guide.objects.published().values_list("slug", flat=True))
    codes = ranked_postal_codes()
    cold = rng.sample(codes[:100_000], args.cold)
    emit(
        {
            "replay": replay_paths(args.searches, points, guides),
            "pages": {
                "home": ["/fr/"],
                "guide": [f"/fr/guides/{guides[0]}/"] if guides else ["/fr/guides/"],
                "point": [f"/fr/point/{points[0]}/"],
                "eligibility": ["/fr/eligibility/"],
                "results repeated": ["/fr/search/?" + urlencode({"where": codes[0]})],
                "api repeated": ["/api/v1/search?" + urlencode({"near": codes[0]})],
            },
            "cold": {
                "results cold": ["/fr/search/?" + urlencode({"where": code}) for code in cold],
                "api cold (20)": ["/api/v1/search?" + urlencode({"near": code}) for code in cold],
                "api cold (99)": ["/api/v1/search?" + urlencode({"near": code, "limit": 99}) for code in cold],
            },
            "service_points": len(points),
        }
    )


def paths_for(database_url: str, args: argparse.Namespace) -> dict:
    command = [PYTHON, str(Path(__file__)), "--worker", "--searches", str(args.searches), "--cold", str(args.cold)]
    done = subprocess.run(command, cwd=ROOT, env=server_env(database_url), capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    line = [x for x in done.stdout.splitlines() if x.startswith(RESULT_PREFIX)][-1]
    return json.loads(line.removeprefix(RESULT_PREFIX))


# --- Load ----------------------------------------------------------------------------------------------------------

LUA = """
local paths = {%(paths)s}
local threads, counter = {}, 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  index, hits, non2xx = offset, 0, 0
  nthreads = %(threads)d
end
function request()
  local path = paths[(index %% #paths) + 1]
  index = index + nthreads
  return wrk.format("GET", path)
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local bad, hit = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    hit = hit + (thread:get("hits") or 0)
  end
  local e = summary.errors
  io.write(string.format("%(prefix)s%%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), bad, hit,
    e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Load:
    name: str
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    non_2xx: int
    hits: int
    errors: int
    worker_cpu_s: float = math.nan
    drain_cpu_s: float = math.nan
    floor: float = math.nan  # the minimal view's requests/s in the same round
    floor_cpu: float = math.nan
    listed: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else math.nan


def wrk(base_url: str, name: str, paths: list[str], *, seconds: float, args) -> Load:
    """wrk for ``seconds``, the threads taking the paths in turn (a list longer than the load is never repeated)."""
    script = LUA % {"paths": ",".join(json.dumps(p) for p in paths), "threads": args.threads, "prefix": WRK_PREFIX}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        command = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{max(1, round(seconds))}s", "--timeout"]
        done = subprocess.run(
            [*command, "30s", "-s", file.name, base_url], capture_output=True, text=True, timeout=seconds + 120
        )
    finally:
        os.unlink(file.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith(WRK_PREFIX)), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-500:]} {done.stderr[-500:]}")
    n, us, p50, p95, p99, bad, hits, errors = (int(x) for x in line.removeprefix(WRK_PREFIX).split())
    time.sleep(1)  # the requests still queued at the server end before the next load starts
    return Load(name, n, us / 1e6, p50 / 1000, p95 / 1000, p99 / 1000, bad, hits, errors, listed=len(paths))


def forget_pages(prefix: str) -> None:
    """Cold start: this run's cache keys (pages and data version) deleted; the event queue is kept."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = [k for k in client.scan_iter(f"{prefix}:*", count=1000) if b":speed:events" not in k]
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


def forget_all(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*", count=1000):
        client.delete(key)


def measured(server, drainer, base_name, paths, *, seconds, args) -> Load:
    pids = server.worker_pids()
    before, drain_before = cpu_seconds(pids), cpu_seconds([drainer.pid]) if drainer else 0.0
    load = wrk(server.url, base_name, paths, seconds=seconds, args=args)
    if sorted(server.worker_pids()) != sorted(pids):
        load.name += " (a worker was restarted: CPU not comparable)"
    load.worker_cpu_s = cpu_seconds(pids) - before
    if drainer:
        load.drain_cpu_s = cpu_seconds([drainer.pid]) - drain_before
    return load


def with_floor(server, drainer, args, run) -> Load:
    """One round: the minimal view, the load, the minimal view again; the floor is their mean."""
    first = measured(server, drainer, "minimal", ["/bench/minimal"], seconds=args.floor_seconds, args=args)
    load = run()
    second = measured(server, drainer, "minimal", ["/bench/minimal"], seconds=args.floor_seconds, args=args)
    load.floor = (first.per_second + second.per_second) / 2
    load.floor_cpu = 1000 * (first.worker_cpu_s + second.worker_cpu_s) / max(1, first.requests + second.requests)
    return load


def campaign_env(prefix: str, page_cache: bool, fragment_store: str = "process") -> dict[str, str]:
    return {
        "FRAGMENT_STORE": fragment_store,
        "CACHE_URL": REDIS_URL,
        "BENCH_CACHE_PREFIX": prefix,
        "REDIS_URL": REDIS_URL,
        "EVENTS_REDIS_PREFIX": prefix,
        "PAGE_CACHE": str(page_cache),
    }


def run_directory(url: str, label: str, args, report: list) -> None:
    lists = paths_for(url, args)
    prefix = f"bench-campaign-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    env = campaign_env(prefix, True, args.fragment_store)
    loads: list[Load] = []
    drainer = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "1", "--no-startup-delay"],
        cwd=ROOT, env={**server_env(url), **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with serve(url, workers=2, env=env) as server:
            for _round in range(args.rounds):
                forget_pages(prefix)
                loads.append(with_floor(server, drainer, args, lambda server=server: measured(
                    server, drainer, "campaign replay", lists["replay"], seconds=args.replay_seconds,
                    args=args)))  # fmt: skip
            for name, paths in lists["pages"].items():
                wrk(server.url, name, paths, seconds=1, args=args)  # warm
                loads.append(with_floor(server, drainer, args, lambda name=name, paths=paths, server=server: measured(
                    server, drainer, name, paths, seconds=args.page_seconds, args=args)))  # fmt: skip
            for name, paths in lists["cold"].items():
                forget_pages(prefix)
                loads.append(with_floor(server, drainer, args, lambda name=name, paths=paths, server=server: measured(
                    server, drainer, name, paths, seconds=args.cold_seconds, args=args)))  # fmt: skip
            rss = max(server.peak_rss_mb().values() or [math.nan])
        time.sleep(args.drain_wait)
    finally:
        drainer.terminate()
        try:
            drainer.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a batch still being written: the report matters more than its end
            drainer.kill()
            drainer.wait()
    queue_left = queued_events(prefix)
    if args.compare_off:
        off_env = campaign_env(prefix + "-off", False)
        with serve(url, workers=2, env=off_env) as server:
            load = with_floor(server, None, args, lambda server=server: measured(
                server, None, "campaign replay, cache off", lists["replay"], seconds=args.off_seconds,
                args=args))  # fmt: skip
            loads.append(load)
    forget_all(prefix)
    report.append({"directory": label, "points": lists["service_points"], "loads": loads, "rss": rss,
                   "queue_left": queue_left, "replay": len(lists["replay"])})  # fmt: skip


def queued_events(prefix: str) -> int:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    return client.llen(f"{prefix}:speed:events") + client.llen(f"{prefix}:speed:events:processing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--service-points", type=int, default=100_000, help="generated points (0: sample only)")
    parser.add_argument("--searches", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2, help="replay rounds, each from a cold cache")
    parser.add_argument("--replay-seconds", type=float, default=40, help="each replay round stops after this")
    parser.add_argument("--cold-seconds", type=float, default=6, help="per cold list (of --cold distinct places)")
    parser.add_argument("--cold", type=int, default=20_000, help="distinct postal codes of the cold lists")
    parser.add_argument("--page-seconds", type=float, default=4)
    parser.add_argument("--floor-seconds", type=float, default=2)
    parser.add_argument("--off-seconds", type=float, default=20, help="the replay with the cache off is cut here")
    parser.add_argument("--drain-wait", type=float, default=8, help="seconds left to the task worker at the end")
    parser.add_argument("--compare-off", action="store_true", help="also replay with PAGE_CACHE=False")
    parser.add_argument(
        "--fragment-store",
        default="process",
        choices=["process", "shared", "off"],
        help="where a miss keeps its fragments (speed/fragments.py)",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="3,000 searches, one round, sample directory")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    if args.quick:
        args.searches, args.rounds, args.service_points, args.replay_seconds = 3000, 1, 0, 20
    if not Path(WRK).exists():
        sys.exit("wrk is needed (apt-get install wrk)")
    loadavg = [os.getloadavg()]
    started = time.monotonic()
    report: dict[str, list] = {}
    for kind in args.databases.split(","):
        with bench_database(kind, "campaign", args.postgres) as url:
            prepare(url)
            report[kind] = []
            run_directory(url, "sample", args, report[kind])
            loadavg.append(os.getloadavg())
            if args.service_points:
                generate(url, args.service_points)
                run_directory(url, "generated", args, report[kind])
                loadavg.append(os.getloadavg())
    print_report(report, args, loadavg, time.monotonic() - started)


def print_report(report: dict, args, loadavg: list, elapsed: float) -> None:
    print("## Campaign day: the page cache under gunicorn, against the minimal view\n")
    print(
        f"gunicorn 2 sync workers (bench.settings), page cache and event queue in Redis, task worker draining;"
        f" wrk {args.threads} threads, {args.connections} connections. Replay: {args.searches:,} searches (Zipf over"
        f" population-ranked postal codes) with service point, guide and home visits, {args.rounds} cold round(s);"
        f" fragments of misses kept in the {args.fragment_store} store."
        f" Ratio: requests/s over the minimal view's in the same round (measured before and after). Worker CPU: the"
        f" gunicorn workers' CPU time per request; task worker: the drainer's, per request.\n"
    )
    rows = []
    for kind, runs in report.items():
        for run in runs:
            for load in run["loads"]:
                ratio = load.per_second / load.floor if load.floor else math.nan
                target = TARGETS.get(load.name)
                rows.append([kind, f"{run['directory']} ({run['points']:,})", load.name,
                             f"{load.requests:,} of {load.listed:,}",
                             load.per_second, f"{ratio:.2f}", f"≥ {target}" if target else "—",
                             load.p50, load.p95, load.p99, f"{100 * load.hits / max(1, load.requests):.0f} %",
                             1000 * load.worker_cpu_s / max(1, load.requests),
                             1000 * load.drain_cpu_s / max(1, load.requests), load.floor_cpu,
                             load.non_2xx + load.errors])  # fmt: skip
    headers = ["db", "directory", "load", "requests of listed", "req/s", "ratio", "target", "p50 ms", "p95 ms"]
    headers += ["p99 ms", "hits", "worker CPU ms/req", "task worker CPU ms/req", "minimal view CPU ms/req"]
    headers += ["non-2xx+errors"]
    print(markdown_table(headers, rows))
    print()
    for kind, runs in report.items():
        for run in runs:
            print(
                f"- {kind} / {run['directory']}: workers' peak RSS {run['rss']:.0f} MB; replay list"
                f" {run['replay']:,} requests; events left queued after the drain wait: {run['queue_left']}."
            )
    averages = "; ".join(", ".join(f"{v:.1f}" for v in avg) for avg in loadavg)
    print(f"- load average (1, 5, 15 min) at start and after each directory: {averages} ({os.cpu_count()} cores).")
    print(f"- {elapsed / 60:.1f} minutes in all.")


if __name__ == "__main__":
    main()
