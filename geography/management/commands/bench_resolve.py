"""manage.py bench_resolve: time resolve_place / resolve_coordinates / suggest_places on the loaded geography.

Prints p50 and p95 in milliseconds per kind of input (run after load_geography; DEBUG=False for honest figures).
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError

from geography.models import Municipality, PostalCode
from geography.resolve import resolve_coordinates, resolve_place, suggest_places


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class Command(BaseCommand):
    help = "Measure how long a place resolution takes (p50, p95) on this database."

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=300, help="Inputs per kind (default 300)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, n: int = 300, seed: int = 1, **options):
        rng = random.Random(seed)
        codes = list(PostalCode.objects.values_list("code", flat=True))
        names = list(Municipality.objects.values_list("name", flat=True))
        if not codes or not names:
            raise CommandError("No geography loaded: run manage.py load_geography first.")
        sample = [f"{c[:3]} {c[3:]}" for c in rng.sample(codes, min(n, len(codes)))]
        typos = ["chicoutimy", "trois riviere", "saint jerom", "montrael", "zzzz"]
        kinds = {
            "full postal code": (resolve_place, [(c,) for c in sample]),
            "FSA": (resolve_place, [(c[:3],) for c in sample]),
            "municipality name": (resolve_place, [(name,) for name in rng.choices(names, k=n)]),
            "former place name": (resolve_place, [(name,) for name in rng.choices(["chicoutimi", "jonquiere"], k=n)]),
            "unknown place (typo)": (resolve_place, [(t,) for t in rng.choices(typos, k=n)]),
            "bad postal code": (resolve_place, [(t,) for t in rng.choices(["H2X 1Y", "M5V 2T6", "H0H 0H0"], k=n)]),
            "coordinates": (resolve_coordinates, [(rng.uniform(45, 49), rng.uniform(-76, -66)) for _ in range(n)]),
            "suggest_places": (suggest_places, [(p,) for p in rng.choices(["mont", "st-j", "chic", "ri", "gat"], k=n)]),
        }
        self.stdout.write(f"{'input':24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
        for label, (function, inputs) in kinds.items():
            for arguments in inputs[:5]:
                function(*arguments)  # warm the connection and caches
            timings = []
            for arguments in inputs:
                started = time.perf_counter()
                function(*arguments)
                timings.append((time.perf_counter() - started) * 1000)
            p50, p95 = percentile(timings, 50), percentile(timings, 95)
            self.stdout.write(f"{label:24} {len(timings):>5} {p50:8.2f} {p95:8.2f}")
