"""HSDS 3.0 at scale: import of N services generated as an HSDS publication, streamed export, and the HSDS API.

    .venv/bin/python bench/hsds.py [--services 100000] [--databases sqlite,postgres] [--requests 300]

For each database a worker migrates a fresh database, loads geography and taxonomy, then:

1. writes an ndjson publication of N services (N/2 organisations, each with 2 services offered at 1 location, real
   municipalities weighted by population, fixed seed; every service tagged with clientèles and kinds as HSDS
   attributes) and times `import_hsds` on it (empty directory), then again (nothing changes);
2. times `export_hsds --format ndjson` of the whole directory in a child process and reads its peak RSS (VmHWM
   from /proc: `getrusage`'s ru_maxrss is carried across exec on Linux, so a child started by the worker reported
   the worker's own peak — the import's — instead of the export's);
3. times `GET /api/hsds/services` (Django test client, pages drawn at random, 50 a page) and
   `GET /api/hsds/services/{id}`: p50 and p95, and the CPU time per request.

Every figure comes with the CPU time and the load average: the machine is shared, wall times follow its load.

Targets (issue 14): import under 60 s, export under 30 s with peak RSS under 250 MB, API p95 under 15 ms, at 100,000
services. Prints Markdown.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    bench_database,
    django_setup,
    emit,
    markdown_table,
    percentile,
    postgres_available,
    run_worker,
)

SEED = 14
TARGETS = {"import": 60.0, "export": 30.0, "rss": 250.0, "api": 15.0}


def publication(path: Path, services: int) -> int:
    """Write `services` services as HSDS organisations (ndjson); returns the number of organisations."""
    from directory.hsds import profile
    from directory.models import Clientele, ServiceKind
    from geography.models import Municipality

    rng = random.Random(SEED)
    places = list(
        Municipality.objects.filter(population__gt=0)
        .order_by("code")
        .values_list("code", "name", "latitude", "longitude", "population")
    )
    weights = [p[4] for p in places]
    clienteles = list(Clientele.objects.order_by("slug").values_list("uuid", "slug"))
    kinds = list(ServiceKind.objects.order_by("slug").values_list("uuid", "slug"))

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def attribute(link: str, term: tuple, taxonomy) -> dict:
        return {
            "id": uid(),
            "link_id": link,
            "taxonomy_term_id": str(term[0]),
            "link_entity": "service",
            "taxonomy_term": {
                "id": str(term[0]),
                "code": term[1],
                "name": term[1],
                "description": term[1],
                "taxonomy_id": str(taxonomy.uuid),
            },
        }

    organizations = services // 2
    with path.open("w", encoding="utf-8") as out:
        for n in range(organizations):
            code, name, lat, lon, _population = rng.choices(places, weights=weights)[0]
            org_id, loc_id = uid(), uid()
            location = {
                "id": loc_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": f"Point de service {name}",
                "latitude": round(lat + rng.uniform(-0.02, 0.02), 5),
                "longitude": round(lon + rng.uniform(-0.02, 0.02), 5),
                "external_identifier": code,
                "external_identifier_type": "qc-mamh-municipality",
                "addresses": [
                    {
                        "id": uid(),
                        "location_id": loc_id,
                        "address_1": f"{rng.randint(1, 9999)}, rue Principale",
                        "city": name,
                        "state_province": "QC",
                        "postal_code": "G0A 1A0",
                        "country": "CA",
                        "address_type": "physical",
                    }
                ],
                "phones": [{"id": uid(), "location_id": loc_id, "number": f"+1418555{rng.randint(100, 199):04d}"}],
                "schedules": [
                    {
                        "id": uid(),
                        "location_id": loc_id,
                        "freq": "WEEKLY",
                        "byday": day,
                        "opens_at": "08:30",
                        "closes_at": "16:30",
                    }
                    for day in ("MO", "TU", "WE", "TH", "FR")
                ],
                "languages": [{"id": uid(), "location_id": loc_id, "code": "fr", "name": "français"}],
            }
            org_services = []
            for s in range(2):
                service_id = uid()
                org_services.append(
                    {
                        "id": service_id,
                        "organization_id": org_id,
                        "name": f"Service d'emploi {s + 1}",
                        "description": "Service fictif généré pour les mesures.",
                        "status": "active",
                        "fees_description": "Gratuit",
                        "service_at_locations": [{"id": uid(), "service_id": service_id, "location_id": loc_id}],
                        "attributes": [
                            attribute(service_id, rng.choice(clienteles), profile.CLIENTELES),
                            attribute(service_id, rng.choice(kinds), profile.KINDS),
                        ],
                    }
                )
            out.write(
                json.dumps(
                    {
                        "id": org_id,
                        "name": f"Organisme généré {n}",
                        "description": "Organisme fictif généré.",
                        "locations": [location],
                        "services": org_services,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return organizations


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(args) -> None:
    django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from directory.models import Service

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_geography", verbosity=0)
    call_command("load_taxonomy", verbosity=0)
    with tempfile.TemporaryDirectory(prefix="hsds-bench-") as folder:
        path = Path(folder) / "publication.ndjson"
        started = time.perf_counter()
        organizations = publication(path, args.services)
        emit(
            {
                "kind": "info",
                "organizations": organizations,
                "write_s": time.perf_counter() - started,
                "mb": path.stat().st_size / 1e6,
            }
        )
        for label in ("import (empty directory)", "import again (nothing changes)"):
            started, cpu = time.perf_counter(), time.process_time()
            call_command("import_hsds", str(path), verbosity=0)
            emit(
                {
                    "kind": "import",
                    "name": label,
                    "wall": time.perf_counter() - started,
                    "cpu": time.process_time() - cpu,
                    "load": os.getloadavg()[0],
                    "rss_mb": peak_rss_mb(),
                }
            )
        emit({"kind": "count", "services": Service.objects.count()})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        out = Path(folder) / "export.ndjson"
        code = (
            "import sys, time, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','trouve.settings');"
            "django.setup(); from django.core.management import call_command; from bench.hsds import peak_rss_mb;"
            "t, c = time.perf_counter(), time.process_time();"
            f"call_command('export_hsds', {str(out)!r}, '--format', 'ndjson', verbosity=0);"
            "print('EXPORT', time.perf_counter() - t, time.process_time() - c, peak_rss_mb())"
        )
        done = subprocess.run([PYTHON, "-c", code], cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
        line = next(x for x in done.stdout.splitlines() if x.startswith("EXPORT"))
        _, seconds, cpu_seconds, rss_mb = line.split()
        emit(
            {
                "kind": "export",
                "wall": float(seconds),
                "cpu": float(cpu_seconds),
                "rss_mb": float(rss_mb),
                "mb": out.stat().st_size / 1e6,
                "lines": sum(1 for _ in out.open(encoding="utf-8")),
                "load": os.getloadavg()[0],
            }
        )
    client = Client()
    rng = random.Random(SEED)
    total = Service.objects.count()
    pages = max(1, total // 50)
    ids = list(Service.objects.order_by("?").values_list("uuid", flat=True)[: args.requests])
    for name, urls in (
        (
            "/api/hsds/services?page=N",
            [f"/api/hsds/services?page={rng.randint(1, pages)}" for _ in range(args.requests)],
        ),
        ("/api/hsds/services/{id}", [f"/api/hsds/services/{i}" for i in ids]),
    ):
        client.get(urls[0])  # warm up
        times = []
        cpu = time.process_time()
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        emit(
            {
                "kind": "api",
                "name": name,
                "p50": percentile(times, 0.5),
                "p95": percentile(times, 0.95),
                "cpu_ms": (time.process_time() - cpu) * 1000 / len(urls),
                "load": os.getloadavg()[0],
            }
        )
    emit({"kind": "rss", "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    passthrough = ["--services", str(args.services), "--requests", str(args.requests)]
    print(f"## HSDS 3.0: import, export and API at {args.services:,} services\n")
    for kind in args.databases.split(","):
        if kind == "postgres" and not postgres_available():
            print("PostgreSQL unreachable: skipped.\n")
            continue
        with bench_database(kind, "hsds") as url:
            results = run_worker(Path(__file__), url, passthrough, timeout=3600)
        info = next(r for r in results if r["kind"] == "info")
        count = next(r for r in results if r["kind"] == "count")
        print(f"### {kind}\n")
        print(f"Publication: {info['organizations']:,} organisations, {info['mb']:.0f} MB of ndjson, written in "
              f"{info['write_s']:.1f} s; {count['services']:,} services in the database after the import.\n")  # fmt: skip # noqa: E501
        rows = []
        for r in results:
            if r["kind"] == "import":
                figure = f"{r['wall']:.1f} s (CPU {r['cpu']:.1f} s), worker peak RSS {r['rss_mb']:.0f} MB"
                rows.append([r["name"], figure, "< 60 s", r["load"]])
            elif r["kind"] == "export":
                rows.append(
                    [
                        "export_hsds ndjson (child process)",
                        f"{r['wall']:.1f} s (CPU {r['cpu']:.1f} s), peak RSS {r['rss_mb']:.0f} MB, "
                        f"{r['lines']:,} lines, {r['mb']:.0f} MB",
                        "< 30 s, < 250 MB",
                        r["load"],
                    ]
                )
            elif r["kind"] == "api":
                figure = f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms (CPU {r['cpu_ms']:.1f} ms a request)"
                rows.append([r["name"], figure, "p95 < 15 ms", r["load"]])
        print(markdown_table(["measure", "figure", "target", "load average"], rows))
        print()


if __name__ == "__main__":
    main()
