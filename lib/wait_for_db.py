"""Wait a few seconds for a PostgreSQL URL to answer and create its database if missing; fail loudly otherwise."""

import sys
import time
from urllib.parse import urlsplit

import psycopg


def main(url: str, seconds: float = 15.0) -> int:
    parts = urlsplit(url)
    dbname = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    deadline = time.monotonic() + seconds
    while True:
        try:
            with psycopg.connect(admin_url, connect_timeout=3, autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{dbname}"')
            return 0
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                print(f"PostgreSQL at {parts.hostname}:{parts.port} is unreachable: {exc}", file=sys.stderr)
                return 1
            time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
