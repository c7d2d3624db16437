"""A plausible year of generated, anonymous events (is_sample=True) so a fresh install's dashboard shows something.

Searches are spread over the regions by population, with a slow growth and a summer dip; unmet demand is more
frequent in regions whose (illustrative) current rules accept fewer groups, and for the groups today's rules leave
out; a few rural postal areas have no centre near (zero results); about one search in twenty-five leads to a contact
request with a status and a delay. Seeded, so two runs give the same figures.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from .models import ContactEvent, ImpressionCount, SearchEvent
from .record import delay_band, impressions_add

SEED = 20261126
CHUNK = 20_000
LEFT_OUT_GROUPS = {"career-change": 0.12, "precarious-workers": 0.10, "immigrants": 0.06, "experienced-workers": 0.04}
CLIENTELE_WEIGHTS = {
    "general-public": 30, "youth": 18, "experienced-workers": 9, "immigrants": 10, "women": 6, "disability": 6,
    "justice-involved": 2, "mental-health": 4, "indigenous": 2, "english-speaking": 3, "social-assistance": 7,
    "career-change": 8, "precarious-workers": 6,
}  # fmt: skip
STATUSES = (("closed", 35), ("in_service", 20), ("contacted", 20), ("not_reached", 10), ("refused", 7), ("new", 8))


def region_restrictiveness() -> dict[str, float]:
    """0 (accepts every group beyond the province-wide criteria) to 1 (accepts none), from the current rules."""
    from eligibility.regions import GROUPS, region_table
    from eligibility.rulebook import rulebook_load
    from eligibility.texts import engine_texts
    from geography.models import Region

    regions = [(r.code, r.name) for r in Region.objects.order_by("code")]
    rulebook = rulebook_load()
    if not rulebook.current_rules:
        return {code: 0.5 for code, _name in regions}
    extra = sum(1 for g in GROUPS if not g.province_wide) or 1
    rows = region_table(regions, rulebook.current_rules, rulebook.on_date, engine_texts())
    return {row.code: 1 - row.open_count / extra for row in rows}


def _world():
    from directory.models import Clientele, ServiceAtLocation
    from geography.models import ForwardSortationArea, Region

    regions = list(Region.objects.order_by("code").values_list("code", "population"))
    fsas: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for code, region, rural in ForwardSortationArea.objects.values_list("code", "region_id", "is_rural"):
        fsas[region].append((code, rural))
    orgs: dict[str, list[int]] = defaultdict(list)
    for region, org in ServiceAtLocation.objects.values_list("region_id", "service__organization_id").distinct():
        orgs[region].append(org)
    known = set(Clientele.objects.values_list("slug", flat=True))
    clienteles = {slug: w for slug, w in CLIENTELE_WEIGHTS.items() if slug in known} or {"general-public": 1}
    return regions, fsas, orgs, clienteles


def sample_events_generate(
    *, searches: int = 24_000, end: dt.date | None = None, impressions: bool = True, seed: int = SEED
) -> dict[str, int]:
    """Generate ``searches`` sample searches over the 365 days before ``end`` (and their contact requests)."""
    rng = random.Random(seed)
    end = end or timezone.localdate()
    regions, fsas, orgs, clientele_weights = _world()
    if not regions:
        return {"searches": 0, "impressions": 0, "contacts": 0}
    restrictive = region_restrictiveness()
    codes = [code for code, _p in regions]
    weights = [max(population, 20_000) for _c, population in regions]
    slugs, slug_weights = list(clientele_weights), list(clientele_weights.values())
    remote = {code for region in fsas.values() for code, rural in region if rural and rng.random() < 0.35}
    days = [end - dt.timedelta(days=n) for n in range(365)]
    # Slow growth over the year and a summer dip (July, August).
    day_weights = [(1 + 0.4 * (365 - n) / 365) * (0.7 if d.month in (7, 8) else 1.0) for n, d in enumerate(days)]
    totals = {"searches": 0, "impressions": 0, "contacts": 0}
    remaining = searches
    while remaining > 0:
        size = min(CHUNK, remaining)
        remaining -= size
        events, shown, contacts = [], [], []
        for region, day in zip(
            rng.choices(codes, weights, k=size), rng.choices(days, day_weights, k=size), strict=True
        ):
            region_fsas = fsas.get(region) or [("", False)]
            fsa, _rural = rng.choice(region_fsas)
            if rng.random() < 0.35:  # a place known only as a municipality or a map point has no FSA
                fsa = ""
            asked = sorted(set(rng.choices(slugs, slug_weights, k=rng.choice((0, 1, 1, 1, 2)))))
            available = orgs.get(region, [])
            zero = (fsa in remote and rng.random() < 0.8) or not available or rng.random() < 0.02
            result_orgs = [] if zero else rng.sample(available, min(len(available), rng.randint(1, 5)))
            answered = rng.random() < 0.55
            counts = [0, 0, 0, 0]  # eligible, to confirm, not eligible today; eligible under universal access
            unmet = False
            if answered and result_orgs:
                p_unmet = 0.04 + 0.18 * restrictive.get(region, 0.5) + sum(LEFT_OUT_GROUPS.get(s, 0) for s in asked)
                n = len(result_orgs)
                if rng.random() < p_unmet:
                    counts, unmet = [0, 0, n, n], True
                else:
                    eligible = rng.randint(1, n) if rng.random() < 0.7 else 0
                    to_confirm = n - eligible if eligible else rng.randint(1, n)
                    counts = [eligible, to_confirm, n - eligible - to_confirm, n]
            events.append(SearchEvent(
                month=day.replace(day=1), region_code=region, fsa=fsa, clienteles=",".join(asked),
                result_count=len(result_orgs), eligible_today=counts[0], to_confirm_today=counts[1],
                not_eligible_today=counts[2], eligible_universal=counts[3], unmet=unmet, is_sample=True,
            ))  # fmt: skip
            shown.append(result_orgs)
            if result_orgs and not unmet and rng.random() < 0.04:
                status = rng.choices([s for s, _w in STATUSES], [w for _s, w in STATUSES])[0]
                age = (end - day).days
                if status == "new" and age > 20:
                    status = "not_reached"
                hours = None
                if status != "new":
                    hours = round(rng.lognormvariate(math.log(20 + 30 * restrictive.get(region, 0.5)), 0.9), 2)
                contacts.append(ContactEvent(
                    organization_id=rng.choice(result_orgs), region_code=region, month=day.replace(day=1),
                    status=status, delay=delay_band(hours) if hours is not None else "", is_sample=True,
                ))  # fmt: skip
        with transaction.atomic():
            SearchEvent.objects.bulk_create(events, batch_size=5000)
            if impressions:
                counters: dict[tuple[int, dt.date], int] = defaultdict(int)
                for event, ids in zip(events, shown, strict=True):
                    for org in ids:
                        counters[(org, event.month)] += 1
                rows = [(org, month, n) for (org, month), n in sorted(counters.items())]
                connection = transaction.get_connection()
                with connection.cursor() as cursor:
                    for start in range(0, len(rows), 500):
                        impressions_add(cursor, connection.ops.quote_name, ImpressionCount._meta.db_table,
                                        rows[start:start + 500])  # fmt: skip
                totals["impressions"] += sum(counters.values())
            ContactEvent.objects.bulk_create(contacts, batch_size=5000)
        totals["searches"] += size
        totals["contacts"] += len(contacts)
    return totals
