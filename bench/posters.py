"""Benchmark of the posters (issue 16): time to make one poster, and every poster of the biggest region.

A poster is made in two steps, timed apart: reading what it says (posters/content.py, a few queries) and drawing
the PDF (ReportLab, with the QR code). Then the cached path (one cache read) and a link-preview PNG. Wall and CPU
time are printed with the load average (the machine is shared). The sample directory on a fresh SQLite database
by default; ``--database-url`` to use an existing one. Run:
    .venv/bin/python bench/posters.py [--samples 20]
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_database, django_setup, emit, markdown_table, percentile, run_worker  # noqa: E402


def _timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def worker(samples: int) -> None:
    django_setup()
    from django.core.cache import cache
    from django.db.models import Count

    from directory.models import ServiceAtLocation
    from posters import files, pdf, preview
    from posters.content import subject_get
    from posters.meta import preview_for
    from speed import version

    points = list(
        ServiceAtLocation.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:samples]
    )
    region = (
        ServiceAtLocation.objects.filter(is_active=True)
        .values("region_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    organizations = list(
        ServiceAtLocation.objects.filter(pk__in=points).values_list("service__organization__slug", flat=True)
    )
    subjects = {
        "point": [str(pk) for pk in points],
        "organization": list(dict.fromkeys(organizations)),
        "region": [region["region_id"]],
    }
    rows = []
    for kind, keys in subjects.items():
        for fmt, make in (("poster", pdf.poster_pdf), ("cards", pdf.cards_pdf)):
            for language in files.POSTER_LANGUAGES:
                read, draw, cpu, sizes = [], [], [], []
                for key in (keys * samples)[:samples]:
                    subject, read_ms, _cpu = _timed(lambda kind=kind, key=key: subject_get(kind, key))
                    path = files.page_path(subject, language)
                    data, draw_ms, draw_cpu = _timed(
                        lambda subject=subject, path=path, language=language, make=make: make(
                            subject,
                            language,
                            url="https://example.org" + path + "?via=poster&campaign=x",
                            printed_url="example.org" + path,
                        )
                    )
                    read.append(read_ms)
                    draw.append(draw_ms)
                    cpu.append(draw_cpu)
                    sizes.append(len(data))
                rows.append(
                    [
                        kind,
                        fmt,
                        language,
                        percentile(read, 0.5),
                        percentile(draw, 0.5),
                        percentile(draw, 0.95),
                        percentile(cpu, 0.5),
                        sum(sizes) / len(sizes) / 1024,
                    ]
                )
    emit({"table": "per_poster", "rows": rows})

    # Every poster of the biggest region: each service point's and organisation's letter poster and card sheet,
    # and the region's own, in the three languages, cold (nothing cached) then warm (every one cached).
    code = region["region_id"]
    region_points = list(ServiceAtLocation.objects.filter(is_active=True, region_id=code).values_list("pk", flat=True))
    region_orgs = list(
        ServiceAtLocation.objects.filter(is_active=True, region_id=code)
        .values_list("service__organization__slug", flat=True)
        .distinct()
    )
    everything = [("point", str(pk)) for pk in region_points] + [("organization", s) for s in region_orgs]
    everything.append(("region", code))
    cache.clear()
    version.ensure()  # posters are named after the data version, as on a live site (PAGE_CACHE=True)

    def all_posters() -> int:
        count = 0
        for kind, key in everything:
            for fmt in files.FORMATS:
                for language in files.POSTER_LANGUAGES:
                    assert files.poster_file(kind, key, fmt, language, "bench")
                    count += 1
        return count

    count, cold_ms, cold_cpu = _timed(all_posters)
    _count, warm_ms, warm_cpu = _timed(all_posters)
    emit(
        {
            "table": "region",
            "rows": [
                [
                    code,
                    len(region_points),
                    len(region_orgs),
                    count,
                    cold_ms / 1000,
                    cold_cpu / 1000,
                    warm_ms / 1000,
                    warm_cpu / 1000,
                ]
            ],
        }
    )

    previews = []
    for pk in points:
        text = preview_for("point", str(pk), "fr")
        _data, ms, _cpu = _timed(lambda text=text: preview.preview_png(text))
        previews.append(ms)
    emit({"table": "preview", "rows": [[len(previews), percentile(previews, 0.5), percentile(previews, 0.95)]]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.worker:
        if os.environ.get("BENCH_PREPARE") == "1":
            django_setup()
            from bench.common import prepare_database

            prepare_database()
        worker(args.samples)
        return
    # The database cache keeps 300 entries by default and culls beyond: a region's few hundred PDFs would not stay.
    os.environ.setdefault("CACHE_URL", "dbcache://django_cache?max_entries=100000")
    load = os.getloadavg()
    print(f"# Posters bench\n\nload average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")

    def run(url: str, prepare: bool) -> list[dict]:
        os.environ["BENCH_PREPARE"] = "1" if prepare else "0"
        return run_worker(Path(__file__), url, ["--samples", str(args.samples)], timeout=3600)

    if args.database_url:
        results = run(args.database_url, False)
    else:
        with bench_database("sqlite", "posters") as url:
            results = run(url, True)
    by_table = {result["table"]: result["rows"] for result in results}
    print("## One poster (ms; sample directory)\n")
    print(
        markdown_table(
            ["subject", "format", "language", "read p50", "draw p50", "draw p95", "draw CPU p50", "KiB"],
            by_table["per_poster"],
        )
    )
    print("\n## Every poster of the biggest region (3 languages × poster and cards; s)\n")
    print(
        markdown_table(
            ["region", "service points", "organisations", "PDFs", "cold wall", "cold CPU", "cached wall", "cached CPU"],
            by_table["region"],
        )
    )
    print("\n## Link-preview PNG, 1200×630 (ms)\n")
    print(markdown_table(["images", "p50", "p95"], by_table["preview"]))
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
