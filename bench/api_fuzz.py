"""Schemathesis against /api/v1/openapi.json, in process, on a throw-away database with the sample directory.

    .venv/bin/python bench/api_fuzz.py [--max-examples 120] [--databases sqlite]

Generates valid and invalid requests for every operation (max-examples per operation and mode; >= 1,000 cases in
all by default) and counts the answers. Target: zero 5xx and zero answers that break the schema. Checks used: see
api/tests/generated.py. Prints a Markdown table; run by bench/run_all.py.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    DEFAULT_POSTGRES,
    bench_database,
    django_setup,
    emit,
    markdown_table,
    postgres_available,
    prepare_database,
    run_worker,
)


def worker(args: argparse.Namespace) -> None:
    django_setup()
    from django.db import connection

    from api.tests.generated import run_generated_cases

    prepare_database()
    started = time.monotonic()
    outcome = run_generated_cases(args.max_examples, stop_on_failure=False, seed=args.seed)
    emit(
        {
            "database": connection.vendor,
            "seconds": time.monotonic() - started,
            "cases": dict(outcome.cases),
            "statuses": {str(code): n for code, n in sorted(outcome.statuses.items())},
            "failures": outcome.failures,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=120, help="per operation and generation mode")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--time-limit", type=float, default=1200)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    print("## API under generated requests (schemathesis)\n")
    for kind in args.databases.split(","):
        if kind == "postgres" and not postgres_available(args.postgres):
            print(f"- PostgreSQL unreachable at {args.postgres}: skipped.\n")
            continue
        with bench_database(kind, "api_fuzz", args.postgres) as url:
            worker_args = ["--max-examples", str(args.max_examples), "--seed", str(args.seed)]
            try:
                (result,) = run_worker(Path(__file__), url, worker_args, timeout=args.time_limit)
            except Exception as error:  # noqa: BLE001 - reported in the table's place
                print(f"- {kind}: {error}\n")
                continue
        total = sum(result["cases"].values())
        server_errors = sum(n for code, n in result["statuses"].items() if code.startswith("5"))
        print(
            f"{result['database']}: {total:,} generated requests in {result['seconds']:.0f} s; "
            f"{server_errors} answered 5xx; {len(result['failures'])} failed a check "
            f"(target: >= 1,000 requests, 0 and 0).\n"
        )
        rows = [[label, n] for label, n in sorted(result["cases"].items())]
        print(markdown_table(["operation (generation mode)", "requests"], rows))
        print()
        print(markdown_table(["status", "answers"], [[code, n] for code, n in result["statuses"].items()]))
        print()
        for failure in result["failures"][:20]:
            print(f"- `{failure.splitlines()[0][:200]}`")
        print()


if __name__ == "__main__":
    main()
