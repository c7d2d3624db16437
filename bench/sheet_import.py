"""How long the association's spreadsheet takes to import: a 2,000-row XLSX sheet, SQLite and PostgreSQL.

    .venv/bin/python bench/sheet_import.py [--rows 2000] [--runs 3] [--sqlite-only]

A worker process per database migrates a fresh database, loads the reference data (geography, taxonomy, sample
directory) and builds an XLSX sheet of --rows service points in real municipalities (town-hall addresses and postal
codes from the bundled data, no coordinates: every row is placed from its postal code; one organisation in three has
a second office; phones, hours and websites in the forms people type). Each run, inside a transaction rolled back
afterwards, times the three steps staff go through:

- preview: read the XLSX, check every row, say what each would do (the admin's preview page; nothing saved);
- import: the same, then write (the admin's "Confirm the import");
- same file again: read and check, every organisation unchanged (nothing written).

Prints p50 (and max) of --runs runs per step. Target: the import under 10 s.
Run by bench/run_all.py.
"""

import argparse
import io
import os
import statistics
import sys
import time
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

TARGET_S = 10.0


def sheet_bytes(rows: int) -> bytes:
    from openpyxl import Workbook

    from directory.spreadsheet import COLUMNS
    from tests.fixtures.sheets import sheet_row

    book = Workbook()
    sheet = book.active
    sheet.append([column.french for column in COLUMNS])
    previous: dict[str, str] | None = None
    for n in range(rows):
        row = sheet_row(n, org_key=f"bench-{n}", org_name=f"Centre d'emploi banc {n}")
        if previous is not None and n % 3 == 2:  # a second office of the previous row's organisation
            keep = ("org_key", "org_name", "email", "website", "member")
            row.update({key: previous[key] for key in keep}, site_key="bureau-2")
        sheet.append([row.get(column.key, "") for column in COLUMNS])
        previous = row
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def worker(args) -> None:
    django_setup()
    from django.db import transaction

    from directory.spreadsheet import sheet_import, sheet_read

    prepare_database()
    content = sheet_bytes(args.rows)
    emit({"kind": "info", "bytes": len(content)})
    for run in range(args.runs):
        with transaction.atomic():
            timings = {}
            for step, options in (("preview", {"dry_run": True}), ("import", {}), ("same file again", {})):
                started, cpu = time.perf_counter(), time.process_time()
                report = sheet_import(sheet_read(content, "bench.xlsx"), **options)
                timings[step] = (time.perf_counter() - started, time.process_time() - cpu)
                counts = (report.total, report.created, report.updated, report.unchanged, len(report.rejected))
                emit({"kind": "counts", "step": step, "counts": counts})
            transaction.set_rollback(True)
        for step, (wall, cpu) in timings.items():
            emit({"kind": "timing", "run": run, "step": step, "wall": wall, "cpu": cpu, "load": os.getloadavg()[0]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    passthrough = ["--rows", str(args.rows), "--runs", str(args.runs)]
    kinds = ["sqlite"] + ([] if args.sqlite_only or not postgres_available() else ["postgresql"])
    print(f"## Spreadsheet import ({args.rows:,} rows, p50 of {args.runs} runs)\n")
    table = []
    for kind in kinds:
        with bench_database(kind, "sheet") as url:
            results = run_worker(Path(__file__), url, passthrough, timeout=3600)
        counts = {r["step"]: r["counts"] for r in results if r["kind"] == "counts"}
        for step in ("preview", "import", "same file again"):
            walls = [r["wall"] for r in results if r["kind"] == "timing" and r["step"] == step]
            cpus = [r["cpu"] for r in results if r["kind"] == "timing" and r["step"] == step]
            total, created, updated, unchanged, rejected = counts[step]
            outcome = f"{created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected"
            ok = "yes" if statistics.median(walls) < TARGET_S else "NO"
            table.append([kind, step, outcome, statistics.median(walls), max(walls), statistics.median(cpus), ok])
    headers = ["database", "step", "rows (of the sheet)", "p50 (s)", "max (s)", "CPU p50 (s)"]
    headers.append(f"under {TARGET_S:.0f} s")
    print(markdown_table(headers, table))
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f} (2 cores shared).")


if __name__ == "__main__":
    main()
