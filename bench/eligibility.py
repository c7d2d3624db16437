"""Benchmark of the eligibility engine; prints Markdown tables.

1. Time per decision of the pure engine (eligibility.engine.decide): many random profiles × the 17 regions ×
   both rule sets of data/eligibility/rules_illustrative.json.
2. The finder's hook (eligibility.finder.compare_rows, the pure core of decide_for_service_points) for 100,000
   service points, 10 % of them with a mandate: what eligibility adds to a search that has found its candidates.

No database and no network: rules and mandates come from the rule file. Run:
    .venv/bin/python bench/eligibility.py [--profiles 2000] [--points 100000] [--seed 1]
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trouve.settings")

import django  # noqa: E402

django.setup()

from eligibility.engine import (  # noqa: E402
    AGE_RANGES,
    EMPLOYMENT,
    INCOME_SUPPORT,
    REGION_CODES,
    STATUS,
    Answers,
    decide,
)
from eligibility.finder import compare_rows  # noqa: E402
from eligibility.rulebook import Rulebook  # noqa: E402
from eligibility.rulefile import mandates_from_file, read_rule_file, rules_from_file  # noqa: E402
from eligibility.texts import engine_texts  # noqa: E402

RULE_FILE = ROOT / "data" / "eligibility" / "rules_illustrative.json"
ON_DATE = dt.date(2026, 11, 26)


def random_answers(rng: random.Random) -> Answers:
    def maybe(values):
        return rng.choice([None, *values])

    return Answers(
        age_range=maybe(sorted(AGE_RANGES)),
        employment=tuple(rng.sample(EMPLOYMENT, rng.randint(0, 1))),
        income_support=tuple(rng.sample(INCOME_SUPPORT, rng.randint(0, 1))),
        status=maybe(STATUS),
        career_change=maybe([True, False]),
        disability=maybe([True, False]),
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_engine(profiles: int, rng: random.Random) -> list[tuple[str, int, list[float]]]:
    parsed = read_rule_file(RULE_FILE)
    texts = engine_texts()
    mandates = mandates_from_file(parsed)[:1]
    results = []
    for kind in ("current", "universal"):
        rules = rules_from_file(parsed, kind)
        timings = []
        for _ in range(profiles):
            answers = random_answers(rng)
            for region in REGION_CODES:
                start = time.perf_counter_ns()
                decide(answers, region, rules, (), ON_DATE, texts)
                timings.append((time.perf_counter_ns() - start) / 1000)
        results.append((f"decide, {kind} rules ({len(rules)})", len(timings), timings))
    rules = rules_from_file(parsed, "current")
    timings = []
    for _ in range(profiles):
        answers = random_answers(rng)
        for region in REGION_CODES:
            start = time.perf_counter_ns()
            decide(answers, region, rules, mandates, ON_DATE, texts)
            timings.append((time.perf_counter_ns() - start) / 1000)
    results.append(("decide, current rules + 1 mandate", len(timings), timings))
    return results


def bench_finder(points: int, rng: random.Random, repeats: int = 7) -> list[float]:
    parsed = read_rule_file(RULE_FILE)
    rulebook = Rulebook(
        ON_DATE,
        None,
        None,
        tuple(rules_from_file(parsed, "current")),
        tuple(rules_from_file(parsed, "universal")),
    )
    mandate_list = mandates_from_file(parsed)
    mandates = {("service", i + 1): [m] for i, m in enumerate(mandate_list)}
    rows = []
    for point_id in range(1, points + 1):
        with_mandate = rng.random() < 0.10
        service_id = rng.randint(1, len(mandate_list)) if with_mandate else 10_000 + point_id
        rows.append((point_id, rng.choice(REGION_CODES), service_id, 50_000 + point_id))
    texts = engine_texts()
    timings = []
    for _ in range(repeats):
        answers = random_answers(rng)
        start = time.perf_counter()
        compare_rows(answers, rows, rulebook, mandates, texts)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    print(f"### Eligibility engine: time per decision ({args.profiles} random profiles × 17 regions)\n")
    print("| case | decisions | p50 (µs) | p95 (µs) | p99 (µs) | mean (µs) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, count, timings in bench_engine(args.profiles, rng):
        p50, p95, p99 = (percentile(timings, q) for q in (0.50, 0.95, 0.99))
        print(f"| {name} | {count} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {statistics.fmean(timings):.1f} |")

    timings = bench_finder(args.points, rng)
    print(f"\n### Finder hook: both rule sets for {args.points:,} service points (10 % with a mandate)\n")
    print("| case | runs | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| compare_rows, {args.points:,} rows | {len(timings)} | {percentile(timings, 0.5):.1f} "
        f"| {percentile(timings, 0.95):.1f} | {max(timings):.1f} |"
    )
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPU(s); rules: {RULE_FILE.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
