"""The funding report as pure functions over plain data: no database here (funding/queries.py feeds it).

Conventions, stated once:
- Funding parameters are annual. A version contributes, for each day it is valid inside the period,
  participants × recognised hours per participant × rate / (days in that calendar year). A rate change in the middle
  of a period is therefore prorated by the day.
- The rate is the framework's hourly rate, or the middle of its cost range when only a range is given.
- Recognised work: client interventions whose service type a valid programme of the centre recognises that day.
- Real cost: every hour worked × the team's real hourly cost valid that day (mean over the valid programmes).
  Hours on days without any valid parameters are counted but not priced (``unpriced_minutes``).
- Hours come in buckets: minutes summed over a span of days inside which the parameters do not change (the query
  layer splits at every parameter boundary), so a bucket is priced with the parameters of its first day.
"""

import calendar
import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

ZERO = Decimal(0)
CENTS = Decimal("0.01")
# Network cells follow the dominance rule of insights/disclosure.py: at least 3 centres, none above 70 %.


@dataclass(frozen=True)
class Parameters:
    org_id: int
    programme: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    recognised_service_type_ids: frozenset[int]
    hours_per_participant: Decimal
    participants: int
    real_hourly_cost: Decimal
    hourly_rate: Decimal | None = None
    rate_min: Decimal | None = None
    rate_max: Decimal | None = None

    @property
    def rate(self) -> Decimal:
        if self.hourly_rate is not None:
            return self.hourly_rate
        if self.rate_min is not None and self.rate_max is not None:
            return (self.rate_min + self.rate_max) / 2
        return ZERO

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Bucket(NamedTuple):
    """Minutes of one centre in one category over [first_day, last_day] (parameters constant inside).

    A named tuple rather than a dataclass: the network report builds about a hundred thousand of them."""

    org_id: int
    first_day: datetime.date
    last_day: datetime.date
    category: str  # client_intervention | job_retention | peripheral
    minutes: int
    service_type_id: int | None = None
    peripheral_id: int | None = None

    @property
    def key(self) -> str:
        return f"peripheral:{self.peripheral_id}" if self.category == "peripheral" else self.category


@dataclass
class MonthFigures:
    minutes: int = 0
    recognised_minutes: int = 0
    real_cost: Decimal = ZERO
    funded_amount: Decimal = ZERO


@dataclass
class Figures:
    """One centre's figures (or a sum of centres') for one period."""

    minutes_by_key: dict[str, int] = field(default_factory=dict)
    recognised_minutes: int = 0
    unpriced_minutes: int = 0
    real_cost: Decimal = ZERO
    funded_amount: Decimal = ZERO
    funded_minutes: Decimal = ZERO
    participant_years: Decimal = ZERO  # participants funded, weighted by the share of the year covered
    participants: Decimal = ZERO  # participants funded, averaged over the days of the period
    months: dict[datetime.date, MonthFigures] = field(default_factory=dict)

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes_by_key.values())

    @property
    def recognised_share(self) -> Decimal | None:
        total = self.total_minutes
        return Decimal(self.recognised_minutes) / total if total else None

    @property
    def gap_amount(self) -> Decimal:
        return self.real_cost - self.funded_amount

    @property
    def gap_minutes(self) -> Decimal:
        return Decimal(self.total_minutes) - self.funded_minutes

    @property
    def funded_per_participant(self) -> Decimal | None:
        return self.funded_amount / self.participants if self.participants else None

    @property
    def real_cost_per_participant(self) -> Decimal | None:
        return self.real_cost / self.participants if self.participants else None


def money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENTS, rounding=ROUND_HALF_UP)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def overlap(
    a_start: datetime.date, a_end: datetime.date, b_start: datetime.date, b_end: datetime.date | None
) -> tuple[datetime.date, datetime.date] | None:
    start = max(a_start, b_start)
    end = a_end if b_end is None else min(a_end, b_end)
    return (start, end) if start <= end else None


@functools.lru_cache(maxsize=8192)  # centres share month spans and parameter dates: computed once each
def year_fraction(start: datetime.date, end: datetime.date) -> Decimal:
    """The share of a year covered by [start, end], each day weighing 1/(days in its calendar year)."""
    total = ZERO
    for year in range(start.year, end.year + 1):
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        total += Decimal((last - first).days + 1) / days_in_year(year)
    return total


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """(first, last) day of each calendar month touched by [start, end], clipped to it."""
    spans = []
    cursor = start.replace(day=1)
    while cursor <= end:
        last = cursor.replace(day=calendar.monthrange(cursor.year, cursor.month)[1])
        spans.append((max(cursor, start), min(last, end)))
        cursor = last + datetime.timedelta(days=1)
    return spans


def parameter_boundaries(parameters: Iterable[Parameters]) -> dict[int, set[datetime.date]]:
    """Per centre, the days on which some parameter version starts or stops applying (the query layer splits there)."""
    bounds: dict[int, set[datetime.date]] = defaultdict(set)
    for p in parameters:
        bounds[p.org_id].add(p.valid_from)
        if p.valid_to is not None:
            bounds[p.org_id].add(p.valid_to + datetime.timedelta(days=1))
    return bounds


def funded_over(params: list[Parameters], start: datetime.date, end: datetime.date) -> tuple[Decimal, Decimal, Decimal]:
    """(funded amount, funded minutes, participant-years) of one centre's parameters over [start, end]."""
    amount = minutes = participant_years = ZERO
    for p in params:
        span = overlap(start, end, p.valid_from, p.valid_to)
        if span is None:
            continue
        fraction = year_fraction(*span)
        amount += p.participants * p.hours_per_participant * p.rate * fraction
        minutes += p.participants * p.hours_per_participant * 60 * fraction
        participant_years += p.participants * fraction
    return amount, minutes, participant_years


def centre_figures(
    buckets: Iterable[Bucket], parameters: Iterable[Parameters], start: datetime.date, end: datetime.date
) -> dict[int, Figures]:
    """Figures per centre for [start, end]. Centres appear if they have hours or parameters in the period."""
    params_by_org: dict[int, list[Parameters]] = defaultdict(list)
    for p in parameters:
        params_by_org[p.org_id].append(p)
    result: dict[int, Figures] = {}

    def figures_for(org_id: int) -> Figures:
        if org_id not in result:
            result[org_id] = Figures()
        return result[org_id]

    # Per bucket only integer additions; prices are applied once per (centre, first day), whose parameters are equal.
    spans: dict[tuple[int, datetime.date], list] = {}  # → [minutes, recognised minutes, valid parameters, ids]
    peripheral_keys: dict[int | None, str] = {}
    for org_id, first_day, _last_day, category, minutes, service_type_id, peripheral_id in buckets:
        fig = result.get(org_id) or figures_for(org_id)
        if category == "peripheral":
            key = peripheral_keys.get(peripheral_id) or peripheral_keys.setdefault(
                peripheral_id, f"peripheral:{peripheral_id}"
            )
        else:
            key = category
        by_key = fig.minutes_by_key
        by_key[key] = by_key.get(key, 0) + minutes
        span = spans.get((org_id, first_day))
        if span is None:
            valid = [p for p in params_by_org.get(org_id, ()) if p.is_valid_on(first_day)]
            recognised = frozenset().union(*(p.recognised_service_type_ids for p in valid))
            span = spans[(org_id, first_day)] = [0, 0, valid, recognised]
        span[0] += minutes
        if category == "client_intervention" and service_type_id in span[3]:
            span[1] += minutes
    for (org_id, first_day), (minutes, recognised, valid, _ids) in spans.items():
        fig = result[org_id]
        month = fig.months.setdefault(first_day.replace(day=1), MonthFigures())
        month.minutes += minutes
        month.recognised_minutes += recognised
        fig.recognised_minutes += recognised
        if valid:
            hourly = sum((p.real_hourly_cost for p in valid), ZERO) / len(valid)
            cost = hourly * minutes / 60
            fig.real_cost += cost
            month.real_cost += cost
        else:
            fig.unpriced_minutes += minutes

    period_days = Decimal((end - start).days + 1)
    for org_id, params in params_by_org.items():
        if not any(overlap(start, end, p.valid_from, p.valid_to) for p in params):
            continue
        fig = figures_for(org_id)
        fig.funded_amount, fig.funded_minutes, fig.participant_years = funded_over(params, start, end)
        day_weighted = ZERO
        for p in params:
            span = overlap(start, end, p.valid_from, p.valid_to)
            if span:
                day_weighted += p.participants * Decimal((span[1] - span[0]).days + 1)
        fig.participants = day_weighted / period_days
        for first, last in months_between(start, end):
            amount = funded_over(params, first, last)[0]
            if amount:
                fig.months.setdefault(first.replace(day=1), MonthFigures()).funded_amount += amount
    return result


@dataclass
class Aggregate:
    """Sum of several centres' figures, with each centre's contribution to each cell (for the dominance rule)."""

    figures: Figures
    centres: int
    contributions: dict[str, list]

    def count(self, cell: str) -> int:
        return sum(1 for value in self.contributions.get(cell, ()) if value)

    def shown(self, cell: str) -> bool:
        from insights.disclosure import dominance_ok

        return dominance_ok(self.contributions.get(cell, ()))


def combine(per_centre: dict[int, Figures], org_ids: Iterable[int]) -> Aggregate:
    """Add up the figures of the given centres. Cell keys: 'minutes:<key>', 'recognised', 'unpriced', 'real_cost',
    'funded', 'funded_minutes', 'total', 'participants', and per month 'month:<YYYY-MM>:<minutes | recognised |
    funded | real_cost>'; each keeps every centre's (non-zero) contribution."""
    total = Figures()
    parts: dict[str, list] = defaultdict(list)
    members = 0
    for org_id in org_ids:
        fig = per_centre.get(org_id)
        if fig is None:
            continue
        members += 1
        for key, minutes in fig.minutes_by_key.items():
            total.minutes_by_key[key] = total.minutes_by_key.get(key, 0) + minutes
            if minutes:
                parts[f"minutes:{key}"].append(minutes)
        total.recognised_minutes += fig.recognised_minutes
        total.unpriced_minutes += fig.unpriced_minutes
        total.real_cost += fig.real_cost
        total.funded_amount += fig.funded_amount
        total.funded_minutes += fig.funded_minutes
        total.participant_years += fig.participant_years
        total.participants += fig.participants
        for flag, value in (
            ("recognised", fig.recognised_minutes),
            ("unpriced", fig.unpriced_minutes),
            ("real_cost", fig.real_cost),
            ("funded", fig.funded_amount),
            ("funded_minutes", fig.funded_minutes),
            ("total", fig.total_minutes),
            ("participants", fig.participants),
        ):
            if value:
                parts[flag].append(value)
        for month, mf in fig.months.items():
            into = total.months.setdefault(month, MonthFigures())
            into.minutes += mf.minutes
            into.recognised_minutes += mf.recognised_minutes
            into.real_cost += mf.real_cost
            into.funded_amount += mf.funded_amount
            for name, value in (("minutes", mf.minutes), ("recognised", mf.recognised_minutes),
                                ("funded", mf.funded_amount), ("real_cost", mf.real_cost)):  # fmt: skip
                if value:
                    parts[f"month:{month:%Y-%m}:{name}"].append(value)
    return Aggregate(figures=total, centres=members, contributions=dict(parts))


def group_by_region(org_regions: dict[int, str], org_ids: Iterable[int]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for org_id in org_ids:
        groups[org_regions.get(org_id, "")].append(org_id)
    return dict(sorted(groups.items()))
