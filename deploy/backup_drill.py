"""Backup drill: dump a PostgreSQL database, restore it into a new one, serve from the copy, compare row counts.

    .venv/bin/python deploy/backup_drill.py postgres://user@host:5432 SOURCE_DB [--keep]

The source's counts are read in the very snapshot pg_dump dumps (an exported snapshot held open meanwhile), so the
drill is exact on a live database too: rows written during the dump are neither in the dump nor in the counts.
Exit status 0 only when the copy answers /healthz and a page and every table's count matches. The restored database
is dropped at the end unless --keep. Run from the repository (its .venv and settings).
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent


def table_counts(connection: psycopg.Connection) -> dict[str, int]:
    tables = connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        " AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return {
        table: connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
        for (table,) in tables
    }


def counts_differ(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple]:
    """{table: (source count, restored count)} for every table whose counts differ (or exists on one side only)."""
    return {
        t: (before.get(t), after.get(t)) for t in sorted(before.keys() | after.keys()) if before.get(t) != after.get(t)
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a loopback URL built here)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def drill(server: str, source: str, *, keep: bool = False) -> int:
    restored = f"{source}_drill_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="ttx-drill-") as work, psycopg.connect(f"{server}/postgres") as admin:
        admin.autocommit = True
        dump = Path(work) / "dump.custom"
        try:
            print(f"1. pg_dump {source}, and its row counts in the same snapshot")
            started = time.monotonic()
            with psycopg.connect(f"{server}/{source}") as snapshot:
                snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
                subprocess.run(
                    ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot_id}", f"--file={dump}",
                     f"{server}/{source}"],
                    check=True,
                )  # fmt: skip
                before = table_counts(snapshot)
                snapshot.execute("COMMIT")
            print(f"   {dump.stat().st_size / 1e6:.1f} MB in {time.monotonic() - started:.1f} s")

            print(f"2. restore into {restored}")
            started = time.monotonic()
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored)))
            subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={server}/{restored}", str(dump)], check=True
            )
            print(f"   restored in {time.monotonic() - started:.1f} s")

            print("3. row counts, table by table")
            with psycopg.connect(f"{server}/{restored}") as connection:
                after = table_counts(connection)
            different = counts_differ(before, after)
            if different:
                print(f"   MISMATCH (source, restored): {different}")
                return 1
            print(f"   {len(before)} tables, every count equal; among them:")
            for table in (
                "directory_serviceatlocation",
                "referrals_contactrequest",
                "funding_timerecord",
                "accounts_user",
            ):
                if table in before:
                    print(f"     {table} {before[table]}")

            print("4. an app server on the restored copy")
            port = free_port()
            env = dict(os.environ, DATABASE_URL=f"{server}/{restored}", DEBUG="False", PRODUCTION="False",
                       LOG_LEVEL="ERROR", MAP_TILE_URL="")  # fmt: skip
            app = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "trouve.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                 "--log-level", "warning"],
                cwd=ROOT, env=env,
            )  # fmt: skip
            try:
                deadline = time.monotonic() + 60
                status, body = 0, ""
                while time.monotonic() < deadline and status != 200:
                    try:
                        status, body = get(f"http://127.0.0.1:{port}/healthz")
                    except OSError:
                        time.sleep(0.2)
                print(f"   /healthz → {status} {body}")
                page, _ = get(f"http://127.0.0.1:{port}/fr/")
                print(f"   GET /fr/ → {page}")
            finally:
                app.terminate()
                app.wait(timeout=15)
            if status != 200 or page != 200:
                return 1
            print(f"Backup drill passed: {source} dumped, restored as {restored}, served, counts equal.")
            return 0
        finally:
            if not keep:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(restored)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="postgres://user@host:port, without a database name")
    parser.add_argument("source", help="the database to back up")
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    args = parser.parse_args()
    sys.exit(drill(args.server.rstrip("/"), args.source, keep=args.keep))


if __name__ == "__main__":
    main()
