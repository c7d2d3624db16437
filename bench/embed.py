"""The embedded finder's throughput against Django's floor, under the production server.

    .venv/bin/python bench/embed.py                       # SQLite, sample directory, 10 s per load, 3 rounds
    .venv/bin/python bench/embed.py --databases sqlite,postgres --duration 5 --rounds 2

gunicorn (2 sync workers, bench.settings) serves the site with the page cache in Redis (database 14, a key prefix of
this run; the database cache without Redis) and the anonymous events queued in Redis, as production runs; then wrk
sends, in alternating rounds with the minimal view (``/bench/minimal``, the full middleware stack and nothing else):

- (b) the embedded finder as a partner's page shows it, ``/fr/embed/?host=…`` (several partners): cached after the
  first request, with each request's visit still classified and queued (insights/visits.py);
- (c) its results for a few repeated places (``/fr/embed/results/?where=…&host=…``): page-cache hits;
- (d) its results for ``--places`` distinct municipalities on a server with ``PAGE_CACHE=False``: every request runs
  the finder's search (cold).

Prints requests/s, p50/p95, the ratio to the minimal view of the same round, the workers' CPU per request and its
ratio, and the load average before and after (the machine is shared: read the CPU ratios first).
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import serve as serve_bench  # noqa: E402
from bench.common import DEFAULT_POSTGRES, ROOT, bench_database, markdown_table, postgres_available  # noqa: E402
from bench.serve import WRK, cpu_seconds, thread_load, wrk_load  # noqa: E402
from bench.server import prepare, serve  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/14"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
_lua_script = serve_bench.lua_script


def lua_with_browser(paths: list[str]) -> str:
    """wrk's script, as a browser: a request without a User-Agent is not counted as a visit (insights/visits.py), and
    the bench must pay for counting each one."""
    return f'wrk.headers["User-Agent"] = "{BROWSER}"\n' + _lua_script(paths)


serve_bench.lua_script = lua_with_browser
HOSTS = ["ville.example", "biblio.example", "cje.example", "mrc.example"]


def places(count: int) -> list[str]:
    with (ROOT / "data" / "geography" / "qc_municipalities.csv").open(encoding="utf-8") as file:
        rows = sorted(csv.DictReader(file), key=lambda row: -int(row["population"] or 0))
    return list(dict.fromkeys(row["name"] for row in rows))[:count]


def redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


def forget(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)


def measure(server, paths: list[str], args) -> tuple[float, float, float, float]:
    """(requests/s, CPU ms per request, p50 ms, p95 ms) of one load."""
    loader = wrk_load if Path(WRK).exists() else thread_load
    loader(server.url, paths, threads=args.threads, connections=args.connections, seconds=1)  # warm
    pids = server.worker_pids()
    before = cpu_seconds(pids)
    load = loader(server.url, paths, threads=args.threads, connections=args.connections, seconds=args.duration)
    cpu_ms = 1000 * (cpu_seconds(pids) - before) / max(1, load.requests)
    if load.non_2xx or load.socket_errors:
        print(f"  warning: {load.non_2xx} non-2xx, {load.socket_errors} socket errors on {paths[0]}")
    return load.per_second, cpu_ms, load.p50_ms, load.p95_ms


def run(url: str, database: str, args, rows: list) -> None:
    prepare(url)
    prefix = f"bench-embed-{uuid.uuid4().hex[:8]}"
    env = {"PAGE_CACHE": "True", "BENCH_CACHE_PREFIX": prefix, "EVENTS_REDIS_PREFIX": prefix}
    if redis_up():
        env.update(CACHE_URL=REDIS_URL, REDIS_URL=REDIS_URL)
    repeated = [f"/fr/embed/results/?{urlencode({'where': name, 'host': host})}"
                for name, host in zip(places(4), HOSTS, strict=True)]  # fmt: skip
    shown = [f"/fr/embed/?host={host}" for host in HOSTS]
    cold = [f"/fr/embed/results/?{urlencode({'where': name, 'host': HOSTS[0]})}" for name in places(args.places)]
    figures: dict[str, list[tuple]] = {}
    for label, page_cache, paths in (("embed page (cached)", "True", shown),
                                     ("embed results, repeated (cached)", "True", repeated),
                                     ("embed results, distinct places (no page cache)", "False", cold)):  # fmt: skip
        with serve(url, env={**env, "PAGE_CACHE": page_cache}) as server:
            for _round in range(args.rounds):
                floor = measure(server, ["/bench/minimal"], args)
                page = measure(server, paths, args)
                figures.setdefault(label, []).append((floor, page))
    if "REDIS_URL" in env:
        forget(prefix)
    for label, pairs in figures.items():
        rps = statistics.median(page[0] for _floor, page in pairs)
        ratio = statistics.median(page[0] / floor[0] for floor, page in pairs)
        cpu = statistics.median(page[1] for _floor, page in pairs)
        floor_cpu = statistics.median(floor[1] for floor, _page in pairs)
        cpu_ratio = statistics.median(floor[1] / page[1] for floor, page in pairs if page[1])
        p50 = statistics.median(page[2] for _floor, page in pairs)
        p95 = statistics.median(page[3] for _floor, page in pairs)
        rows.append([database, label, f"{rps:,.0f}", f"{ratio:.2f}", f"{cpu:.2f} ms", f"{floor_cpu:.2f} ms",
                     f"{cpu_ratio:.2f}", f"{p50:.1f} / {p95:.1f} ms"])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--places", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    started, load_before = time.time(), os.getloadavg()
    rows: list = []
    for database in args.databases.split(","):
        if database == "postgres" and not postgres_available(DEFAULT_POSTGRES):
            print("PostgreSQL unreachable: skipped")
            continue
        with bench_database(database, "embed") as url:
            run(url, database, args, rows)
    load_after = os.getloadavg()
    headers = ["database", "load", "req/s", "ratio to minimal (req/s)", "worker CPU / request", "minimal's CPU",
               "CPU ratio (minimal / page)", "p50 / p95"]  # fmt: skip
    print(markdown_table(headers, rows))
    print(f"\nload average before {' '.join(f'{x:.1f}' for x in load_before)}, after "
          f"{' '.join(f'{x:.1f}' for x in load_after)}; {time.time() - started:.0f} s; wrk {args.threads} threads, "
          f"{args.connections} connections, {args.duration:g} s per load, {args.rounds} rounds; "
          f"{'Redis' if redis_up() else 'database'} page cache")  # fmt: skip
    subprocess.run(["uptime"], check=False)


if __name__ == "__main__":
    main()
