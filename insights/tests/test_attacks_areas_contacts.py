"""The attacks of issue 17 on the two tables the first attack file leaves out: searches with no result by postal area
(FSA), and contact requests by status and by delay to first contact.

Same attacker as insights/tests/test_attacks.py (every export of every period × every region filter, each number
read as an interval; month-window differencing, single-region differencing, the full linear system), with small
counts planted in FSA × month cells and in region × month × status / delay cells. For contacts the attacker also
knows how the two tables relate: every request that is not "new" was contacted, so it has a delay band (the delay
table's cells add up to the status table's non-new cells, region by region, month by month) — published twice, rounded
independently, the same quantity must still not give a small cell away.
"""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from insights.tables import DELAY_LABELS, DELAY_ORDER, STATUS_LABELS, STATUS_ORDER
from insights.tests.test_attacks import (
    MONTHS,
    T,
    bounds,
    differencing,
    download,
    linear_system,
    queries,
    region_differencing,
    targets,
    tightest,
)
from tests.fixtures.insights import make_contacts, make_searches

HOURS = {"day": 3.0, "two_days": 30.0, "week": 100.0, "longer": 400.0}


def plant(rng: random.Random) -> int:
    return rng.randint(1, 9) if rng.random() < 0.3 else rng.choice((0, 0, rng.randint(12, 40)))


def generate(regions: list[str], fsas: dict[str, list[str]], organization_id: int, seed: int = 25) -> dict:
    """Zero-result searches per FSA and month; contacts per region, month, status and delay. The true counts."""
    rng = random.Random(seed)
    truth: dict[tuple[str, str, object], int] = defaultdict(int)
    for region in regions:
        for month in MONTHS:
            for fsa in fsas[region]:
                if n := plant(rng):
                    make_searches(n, day=month, region_code=region, fsa=fsa, result_count=0)
                    truth[("zero", fsa, month)] += n
            for status in STATUS_ORDER:
                if not (n := plant(rng)):
                    continue
                if status == "new":  # not contacted yet: no delay
                    make_contacts(n, organization_id=organization_id, day=month, region_code=region,
                                  status=status, hours=None)  # fmt: skip
                    truth[("contact:new", region, month)] += n
                    continue
                for _ in range(n):  # one request at a time: each draws its own delay
                    band = rng.choice(DELAY_ORDER)
                    make_contacts(1, organization_id=organization_id, day=month, region_code=region,
                                  status=status, hours=HOURS[band])  # fmt: skip
                    truth[(f"contact:{status}", region, month)] += 1
                    truth[(f"delay:{band}", region, month)] += 1
    return truth


def observations(lines: list[dict], months, region: str, names: dict, fsas: dict[str, list[str]]) -> list:
    """The published cells of the zero-result and contact tables as (atoms, low, high)."""
    shown = [region] if region else list(names.values())
    statuses = {str(label): key for key, label in STATUS_LABELS.items()}
    delays = {str(label): key for key, label in DELAY_LABELS.items()}
    found = []
    for line in lines:
        table, row, column = line["table"], line["row"], line["column"]
        if line["value"] == "" and line["suppressed"] != "1":
            continue
        atoms: set = set()
        if table == "zero-results" and row not in ("", "Total") and column == "Searches":
            atoms = {("zero", row, m) for m in months}
        elif table in ("contacts", "contacts-delay"):
            prefix, keys = ("contact", statuses) if table == "contacts" else ("delay", delays)
            in_rows = shown if row == "Total" else [names.get(row)]
            in_keys = list(keys.values()) if column == "Total" else [keys.get(column)]
            if None not in in_rows and None not in in_keys:
                atoms = {(f"{prefix}:{k}", r, m) for r in in_rows for k in in_keys for m in months}
        if atoms:
            low, high = bounds(line)
            found.append((frozenset(atoms), low, high))
    return found


def links(truth: dict, regions: list[str]) -> list[tuple[frozenset, frozenset]]:
    """What the attacker knows: per region and month, the delay cells add up to the non-new status cells."""
    return [
        (
            frozenset((f"delay:{band}", region, month) for band in DELAY_ORDER),
            frozenset((f"contact:{status}", region, month) for status in STATUS_ORDER if status != "new"),
        )
        for region in regions
        for month in MONTHS
    ]


def block_of(measure: str) -> str:
    return "contacts" if measure.startswith(("contact:", "delay:")) else measure


@pytest.fixture
def world(db, reference_data, analyst, staff_client, centre_a):
    from geography.models import ForwardSortationArea, Region

    names = dict(Region.objects.values_list("name", "code"))
    regions = sorted(names.values())
    fsas = {region: [] for region in regions}
    for code, region in ForwardSortationArea.objects.order_by("code").values_list("code", "region_id"):
        if region in fsas and len(fsas[region]) < 2:
            fsas[region].append(code)
    # Planted in every third region (six): every export still shows all 17, the solver stays quick.
    truth = generate(regions[::3], fsas, centre_a.service.organization.pk)
    return {"truth": truth, "regions": regions, "names": names, "fsas": fsas, "client": staff_client(analyst)}


def test_small_postal_area_and_contact_counts_resist_every_attack(world):
    truth, regions, names, fsas = world["truth"], world["regions"], world["names"], world["fsas"]
    found = []
    for query, months in queries(regions):
        region = query.partition("&region=")[2]
        found.extend(observations(download(world["client"], "insights:export", query), months, region, names, fsas))
    known = tightest(found)
    planted = targets(truth)
    assert len([a for a in planted if a[0] == "zero"]) >= 10
    assert len([a for a in planted if a[0].startswith("contact:")]) >= 20
    assert len([a for a in planted if a[0].startswith("delay:")]) >= 10
    assert len(known) > 100  # the exports were read
    recovered = {
        "month windows": differencing(known, truth),
        "single region": region_differencing(known, truth, regions),
        "linear system": linear_system(known, truth, block_of=block_of, links=links(truth, regions)),
    }
    assert recovered == {"month windows": set(), "single region": set(), "linear system": set()}
    # Protection must not mean publishing nothing: large cells are published, within the rounding of the truth.
    published = [
        (atoms, low, high) for atoms, (low, high) in known.items()
        if len(atoms) == 1 and high < 10**6 and truth.get(next(iter(atoms)), 0) >= T
    ]  # fmt: skip
    kinds = {next(iter(atoms))[0].partition(":")[0] for atoms, _low, _high in published}
    assert len(published) > 20 and kinds == {"zero", "contact", "delay"}  # every table was read right
    assert all(low <= truth[next(iter(atoms))] <= high for atoms, low, high in published)


def test_the_attacker_uses_what_it_knows_of_the_two_contact_tables():
    """The attack code itself works: with exact figures, the delay table's total minus the other statuses of the
    status table gives a small status cell away, through the link only (no export shows that difference)."""
    month, region = MONTHS[0], "01"
    truth = {("contact:contacted", region, month): 30, ("contact:refused", region, month): 4}
    truth |= {(f"contact:{s}", region, month): 0 for s in STATUS_ORDER if s not in ("contacted", "refused")}
    truth |= {("delay:day", region, month): 34} | {(f"delay:{b}", region, month): 0 for b in DELAY_ORDER[1:]}
    known = {frozenset({atom}): (value, value) for atom, value in truth.items() if value == 0 or value >= T}
    known[frozenset({("contact:refused", region, month)})] = (1, 10**6)  # suppressed
    assert linear_system(known, truth, block_of=block_of) == set()  # without the link: nothing
    assert linear_system(known, truth, block_of=block_of, links=links(truth, [region])) == {
        ("contact:refused", region, month)
    }
