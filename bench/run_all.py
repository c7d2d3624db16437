"""Run every bench script and write a dated Markdown report to bench/reports/YYYY-MM-DD.md.

    .venv/bin/python bench/run_all.py [--only search,...] [--quick]

Each entry of SCRIPTS is a script that prints Markdown on stdout and stops by itself; a script that fails or runs
out of time is reported with the end of its output, and the others still run. Add new bench scripts to SCRIPTS.
"""

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
REPORTS = BENCH / "reports"


@dataclass(frozen=True)
class Script:
    name: str
    path: str  # relative to bench/
    args: list[str] = field(default_factory=list)
    quick_args: list[str] = field(default_factory=list)  # with --quick: a smaller run to check the script works
    timeout_s: int = 3600


SCRIPTS = [
    Script(
        "search",
        "search.py",
        quick_args=["--queries", "60", "--service-points", "5000", "--time-limit", "300"],
        timeout_s=3600,
    ),
    Script("eligibility", "eligibility.py", quick_args=["--profiles", "200", "--points", "5000"], timeout_s=900),
    Script("sheet_import", "sheet_import.py", quick_args=["--rows", "200", "--runs", "1"], timeout_s=1800),
    Script("funding", "funding.py", quick_args=["--centres", "40", "--years", "1"], timeout_s=1800),
    Script("hsds", "hsds.py", quick_args=["--services", "2000", "--requests", "50"], timeout_s=5400),
    Script("insights", "insights.py", quick_args=["--events", "20000", "--records", "300"], timeout_s=3600),
    Script(
        "api_fuzz",
        "api_fuzz.py",
        quick_args=["--max-examples", "20"],
        timeout_s=1800,
    ),
    Script(
        "serve",
        "serve.py",
        quick_args=["--service-points", "5000", "--duration", "3", "--warmup", "1", "--in-process-requests", "30"],
        timeout_s=1200,
    ),
    Script("campaign", "campaign.py", args=["--compare-off"], quick_args=["--quick"], timeout_s=3600),
    Script("drain", "drain.py", quick_args=["--events", "2000"], timeout_s=900),
    Script("lighthouse", "lighthouse.py", args=["--runs", "3"], quick_args=["--pages", "home,results"], timeout_s=900),
    # Last: it restarts the PostgreSQL server.
    Script("load_faults", "load_faults.py", quick_args=["--clients", "20", "--duration", "20"], timeout_s=600),
]


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def header(now: datetime.datetime) -> str:
    return "\n".join(
        [
            f"# Bench report, {now:%Y-%m-%d %H:%M} UTC",
            "",
            f"- commit: `{git_commit()}`; Python {platform.python_version()} on {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPU cores",
            f"- command: `.venv/bin/python bench/run_all.py {' '.join(sys.argv[1:])}`".rstrip(),
            "- load average at start (1, 5, 15 min): "
            + ", ".join(f"{load:.1f}" for load in os.getloadavg())
            + " (other work on the machine inflates every time below)",
            "",
        ]
    )


def run(script: Script, quick: bool) -> str:
    args = script.quick_args if quick else script.args
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [sys.executable, str(BENCH / script.path), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=script.timeout_s,
        )
    except subprocess.TimeoutExpired:
        return f"## {script.name}\n\n**Stopped after {script.timeout_s} s (time limit).**\n"
    elapsed = time.monotonic() - started
    body = completed.stdout.strip()
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-20:])
        body += f"\n\n**Failed (exit {completed.returncode}).**\n\n```\n{tail}\n```"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{body}\n\n_{script.path}: {elapsed:.0f} s; load average after: {load}_\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated script names")
    parser.add_argument("--quick", action="store_true", help="small runs, to check the scripts work")
    parser.add_argument("--output", type=Path, default=None, help="report path (default: bench/reports/DATE.md)")
    args = parser.parse_args()
    chosen = [s for s in SCRIPTS if not args.only or s.name in args.only.split(",")]
    now = datetime.datetime.now(datetime.UTC)
    sections = [header(now)]
    for script in chosen:
        print(f"running {script.name}…", file=sys.stderr, flush=True)
        sections.append(run(script, args.quick))
        print(sections[-1])
    REPORTS.mkdir(exist_ok=True)
    output = args.output or REPORTS / f"{now:%Y-%m-%d}{'-quick' if args.quick else ''}.md"
    output.write_text("\n".join(sections))
    print(f"report written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}", file=sys.stderr)


if __name__ == "__main__":
    main()
