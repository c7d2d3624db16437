"""Lighthouse on the public pages: performance, accessibility, best practices and SEO on a mobile profile.

    .venv/bin/python bench/lighthouse.py [--database sqlite|postgres] [--pages home,results,point,home-en] [--runs 1]
    .venv/bin/python bench/lighthouse.py --pages home,results                  # quick check, about a minute

The site runs as in production, on loopback: gunicorn (``bench.server.serve``, 2 workers) on a fresh database with
the sample data, ``PRODUCTION=True`` (so whitenoise serves the files ``collectstatic`` wrote, hashed and compressed,
into a temporary STATIC_ROOT, with far-future cache headers), plain http (``SECURE_SSL_REDIRECT=False``; HSTS and
secure cookies are what a TLS proxy would add, and Lighthouse scores none of them on loopback).

Lighthouse is the npm package pinned in bench/lighthouse/package-lock.json (``npm ci`` installs it on first use,
the only network access), driving Debian's Chromium (``CHROME_PATH=/usr/bin/chromium``, headless) with its default
mobile profile: a Moto G Power sized screen, simulated slow 4G and a 4x slower CPU. Targets: accessibility 100 and
performance at least 95 on every page. Prints a Markdown table of scores and, for each score under its target (or
under 100 for the other categories), the audits that cost points. The JSON reports stay in --reports (a temporary
folder by default, removed at exit unless --keep-reports). Exits with status 1 when a target is missed.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DEFAULT_POSTGRES, PYTHON, ROOT, bench_database, markdown_table  # noqa: E402
from bench.server import prepare, serve, server_env  # noqa: E402

LIGHTHOUSE_DIR = ROOT / "bench" / "lighthouse"
LIGHTHOUSE_BIN = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100}
RESULTS_QUERY = "where=H2X+1Y4"  # a Montréal postal code of the sample data (the browser tests search it too)
POINT_LINK = re.compile(r'href="(/fr/point/\d+/)"')


@dataclass
class Page:
    key: str
    label: str
    path: str


@dataclass
class Audit:
    page: Page
    scores: dict[str, float]
    losses: dict[str, list[str]]
    report: Path
    performance_runs: list[float]


def production_env(scratch: Path) -> dict[str, str]:
    """Settings of a production deployment, minus TLS: hashed and compressed static files, DEBUG off.

    The project reads STATIC_ROOT from no variable, so a settings module written in ``scratch`` (bench.settings
    plus a temporary STATIC_ROOT) keeps the collected files out of the checkout, where others may work.
    """
    static_root = scratch / "static"
    (scratch / "lighthouse_settings.py").write_text(
        f"from bench.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(static_root)!r}\n"
    )
    return {
        "DJANGO_SETTINGS_MODULE": "lighthouse_settings",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{scratch}",
        "PRODUCTION": "True",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
    }


def collect_static(database_url: str, extra: dict[str, str]) -> float:
    """Run collectstatic with the production storage (manifest + gzip/brotli); returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=server_env(database_url, **extra),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def ensure_lighthouse() -> str:
    """Install the pinned Lighthouse with ``npm ci`` when node_modules is missing; returns its version."""
    if not LIGHTHOUSE_BIN.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, check=True, timeout=600
        )
    completed = subprocess.run([str(LIGHTHOUSE_BIN), "--version"], capture_output=True, text=True, check=True)
    return completed.stdout.strip()


def find_point_path(base_url: str) -> str:
    """The first service point linked from the results page: a real id of this database, not a guessed one."""
    with urllib.request.urlopen(f"{base_url}/fr/search/?{RESULTS_QUERY}", timeout=30) as response:
        html = response.read().decode()
    match = POINT_LINK.search(html)
    if not match:
        raise RuntimeError("no service point link on the results page")
    return match.group(1)


ATTEMPTS = 3


def run_lighthouse(url: str, output: Path, timeout: float) -> dict:
    """One Lighthouse run (default mobile form factor and simulated throttling); returns the parsed JSON report."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    command = [
        str(LIGHTHOUSE_BIN),
        url,
        "--quiet",
        "--no-enable-error-reporting",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    for attempt in range(1, ATTEMPTS + 1):
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        if completed.returncode == 0 and output.exists():
            return json.loads(output.read_text())
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-10:])
        # Chromium sometimes loses the trace of a page load (NO_NAVSTART, NO_FCP): Lighthouse says to run it again.
        if attempt == ATTEMPTS or "run Lighthouse again" not in tail:
            raise RuntimeError(f"Lighthouse failed on {url}:\n{tail}")
        print(f"Lighthouse asked to run again on {url} (attempt {attempt})", file=sys.stderr)
    raise AssertionError("unreachable")


def scores_of(report: dict) -> dict[str, float]:
    return {key: round(100 * (report["categories"][key]["score"] or 0)) for key in CATEGORIES}


def losses_of(report: dict, category: str) -> list[str]:
    """The audits of a category that cost points (weighted, score under 1), as "id — title (score)"."""
    audits = report["audits"]
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            lines.append(f"`{ref['id']}` — {audit['title']} ({round(100 * audit['score'])})")
    if category == "performance":
        # The metrics explain the score; opportunities (weight 0) say what would improve it.
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            details = audit.get("details") or {}
            if details.get("type") == "opportunity" and audit.get("score") is not None and audit["score"] < 1:
                lines.append(f"`{ref['id']}` — {audit['title']} (opportunity: {audit.get('displayValue', '')})")
    return lines


def audit_page(base_url: str, page: Page, reports: Path, runs: int, timeout: float) -> Audit:
    """Run Lighthouse ``runs`` times on a page and keep the run with the median performance score."""
    results = []
    for run in range(runs):
        output = reports / f"{page.key}-{run + 1}.json"
        report = run_lighthouse(base_url + page.path, output, timeout)
        results.append((scores_of(report), report, output))
    results.sort(key=lambda item: item[0]["performance"])
    scores, report, output = results[len(results) // 2]
    losses = {}
    for category in CATEGORIES:
        if scores[category] < TARGETS.get(category, 100):
            losses[category] = losses_of(report, category)
    spread = [item[0]["performance"] for item in results]
    return Audit(page=page, scores=scores, losses=losses, report=output, performance_runs=spread)


def metrics_of(report_path: Path) -> str:
    audits = json.loads(report_path.read_text())["audits"]
    names = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT"}
    names["cumulative-layout-shift"] = "CLS"
    return ", ".join(f"{short} {audits[key].get('displayValue', '?')}" for key, short in names.items())


def print_report(audits: list[Audit], version: str, args: argparse.Namespace, notes: list[str]) -> None:
    print(f"## Lighthouse {version} — mobile profile, {args.database}, PRODUCTION=True on loopback\n")
    headers = ["Page", "URL", *(name.replace("-", " ").capitalize() for name in CATEGORIES), "Targets"]
    rows = []
    for audit in audits:
        met = all(audit.scores[key] >= target for key, target in TARGETS.items())
        rows.append([audit.page.label, f"`{audit.page.path}`", *(audit.scores[key] for key in CATEGORIES), met])
    for row in rows:
        row[-1] = "met" if row[-1] else "**missed**"
    print(markdown_table(headers, rows))
    print()
    for audit in audits:
        runs = audit.performance_runs
        spread = f" (performance over {len(runs)} runs: {min(runs)}–{max(runs)})" if len(runs) > 1 else ""
        print(f"- {audit.page.label}: {metrics_of(audit.report)}{spread}.")
        for category, lines in audit.losses.items():
            print(f"  - {category} {audit.scores[category]} — audits that cost points:")
            for line in lines or ["(none listed: the score is rounded or comes from informative audits)"]:
                print(f"    - {line}")
    if any("is-crawlable" in line for audit in audits for line in audit.losses.get("seo", [])):
        print(
            "- SEO and best practices are reported, not targets. `is-crawlable` fails by design on the results page:"
            " a search's results carry `noindex` (finder/templates/finder/search.html); the empty search page does not."
        )
    for note in notes:
        print(f"- {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL, without a database name")
    parser.add_argument("--pages", default="home,results,point,home-en", help="which pages, comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is reported")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per Lighthouse run")
    parser.add_argument("--reports", default="", help="folder for the JSON reports (default: a temporary one)")
    parser.add_argument("--keep-reports", action="store_true", help="do not remove the temporary reports folder")
    args = parser.parse_args()

    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    version = ensure_lighthouse()
    wanted = [key.strip() for key in args.pages.split(",") if key.strip()]
    load = os.getloadavg()
    notes = [f"load average before the runs: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (2 cores, shared)."]
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        reports = Path(args.reports) if args.reports else Path(scratch) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        extra = production_env(Path(scratch))
        with bench_database(args.database, "lighthouse", args.postgres) as database_url:
            timings = prepare(database_url)
            timings["collectstatic"] = collect_static(database_url, extra)
            with serve(database_url, workers=2, env=extra) as server:
                pages = {
                    "home": Page("home", "Home (fr)", "/fr/"),
                    "results": Page("results", "Results (fr)", f"/fr/search/?{RESULTS_QUERY}"),
                    "home-en": Page("home-en", "Home (en)", "/en/"),
                }
                if "point" in wanted:
                    pages["point"] = Page("point", "Service point (fr)", find_point_path(server.url))
                unknown = [key for key in wanted if key not in pages]
                if unknown:
                    sys.exit(f"unknown pages: {', '.join(unknown)} (choose among home, results, point, home-en)")
                # One warm-up request per page, so that no run pays for a worker's first import of a template.
                for key in wanted:
                    urllib.request.urlopen(server.url + pages[key].path, timeout=30).read()
                started = time.perf_counter()
                audits = [audit_page(server.url, pages[key], reports, args.runs, args.timeout) for key in wanted]
                elapsed = time.perf_counter() - started
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        notes.append(f"set-up: {steps}; Lighthouse: {elapsed:.0f} s for {len(wanted)} page(s) × {args.runs} run(s).")
        if args.keep_reports and not args.reports:
            kept = Path(tempfile.mkdtemp(prefix="lighthouse-reports-"))
            for file in reports.iterdir():
                shutil.copy(file, kept)
            notes.append(f"JSON reports kept in {kept}.")
        elif args.reports:
            notes.append(f"JSON reports in {reports}.")
        print_report(audits, version, args, notes)
    if any(audit.scores[key] < target for audit in audits for key, target in TARGETS.items()):
        sys.exit(1)


if __name__ == "__main__":
    main()
