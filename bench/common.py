"""Helpers shared by the bench scripts: a throw-away database per run, Django set-up, percentiles, Markdown.

A bench script is a parent process that starts one worker process per database (so that each worker configures
Django from its own DATABASE_URL) and prints Markdown on stdout. Nothing here runs inside the pytest suite.
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
RESULT_PREFIX = "BENCH-RESULT "


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 500 values is the 475th smallest)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        if isinstance(value, float):
            return "—" if math.isnan(value) else f"{value:.2f}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def postgres_available(server_url: str = DEFAULT_POSTGRES) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{server_url}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def bench_database(kind: str, name: str, server_url: str = DEFAULT_POSTGRES) -> Iterator[str]:
    """A DATABASE_URL for a fresh, empty database that is removed afterwards (SQLite file or PostgreSQL db)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"{name}-") as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    import psycopg
    from psycopg import sql

    admin_url = f"{server_url}/postgres"
    # One database per run (the process id), so that two benches running at once never drop each other's.
    database = f"trouve_bench_{name}_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    try:
        yield f"{server_url}/{database}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


def run_worker(script: Path, database_url: str, args: list[str], timeout: float) -> list[dict]:
    """Run ``script --worker`` against a database and collect the JSON results it prints."""
    env = dict(os.environ, DATABASE_URL=database_url, DEBUG="False", LOG_LEVEL="ERROR", PYTHONPATH=str(ROOT))
    env.pop("PRODUCTION", None)
    completed = subprocess.run(
        [PYTHON, str(script), "--worker", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-15:])
        raise RuntimeError(f"{script.name} worker failed on {database_url.split(':')[0]}:\n{tail}")
    lines = completed.stdout.splitlines()
    return [json.loads(line.removeprefix(RESULT_PREFIX)) for line in lines if line.startswith(RESULT_PREFIX)]


def emit(result: dict) -> None:
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def django_setup() -> None:
    """Configure Django from the environment (DATABASE_URL set by the parent)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trouve.settings")
    import django

    django.setup()


def prepare_database(*, service_points: int = 0) -> dict[str, float]:
    """Migrate, load the reference data (geography + sample directory) and optionally a generated directory.

    Returns the seconds each step took, which the reports show too.
    """
    from django.core.management import call_command

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    timings["migrate"] = time.perf_counter() - started
    started = time.perf_counter()
    call_command("load_sample_data", "--reference-only", verbosity=0)
    timings["load_sample_data"] = time.perf_counter() - started
    if service_points:
        timings.update(generate_directory(service_points))
    return timings


def generate_directory(service_points: int) -> dict[str, float]:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("generate_directory", "--service-points", str(service_points), verbosity=0)
    return {"generate_directory": time.perf_counter() - started}
