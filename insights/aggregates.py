"""Grouped counts for the dashboard, the centre view and the evidence page: each function is one or two GROUP BY
queries (live events plus the monthly aggregates left by the retention command) returning plain dicts of true counts.
No event is read into Python; nothing here is published as is (insights/disclosure.py does that).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .models import ContactEvent, ImpressionCount, MonthlyAggregate, SearchEvent


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day of the first month
    end: dt.date  # last day of the last month
    region: str = ""  # "" = every region


def month_key(value: dt.date | dt.datetime) -> dt.date:
    return dt.date(value.year, value.month, 1)


def _searches(period: Period):
    events = SearchEvent.objects.filter(month__gte=period.start, month__lte=period.end)
    return events.filter(region_code=period.region) if period.region else events


def _contacts(period: Period, organization_ids: Collection[int] | None):
    events = ContactEvent.objects.filter(month__gte=period.start, month__lte=period.end)
    if period.region:
        events = events.filter(region_code=period.region)
    if organization_ids is not None:
        events = events.filter(organization_id__in=list(organization_ids))
    return events


def _aggregates(period: Period, *measures: str):
    rows = MonthlyAggregate.objects.filter(measure__in=measures, month__gte=month_key(period.start))
    rows = rows.filter(month__lte=period.end)
    return rows.filter(region_code=period.region) if period.region else rows


def has_sample(period: Period) -> bool:
    return (
        _searches(period).filter(is_sample=True).exists()
        or _aggregates(period, "searches").filter(is_sample=True).exists()
    )


def search_counts(period: Period) -> dict[tuple[str, dt.date], dict[str, int]]:
    """(region, month) -> {"searches", "unmet", "zero"}."""
    result: dict[tuple[str, dt.date], dict[str, int]] = defaultdict(lambda: {"searches": 0, "unmet": 0, "zero": 0})
    grouped = (
        _searches(period)
        .values("region_code", "month")
        .annotate(
            n=Count("id"), unmet_n=Count("id", filter=Q(unmet=True)), zero_n=Count("id", filter=Q(result_count=0))
        )
        .order_by()
    )
    for row in grouped:
        cell = result[(row["region_code"], month_key(row["month"]))]
        cell["searches"] += row["n"]
        cell["unmet"] += row["unmet_n"]
        cell["zero"] += row["zero_n"]
    names = {"searches": "searches", "unmet": "unmet", "zero_result": "zero"}
    old = _aggregates(period, *names).values("region_code", "month", "measure").annotate(n=Sum("count")).order_by()
    for row in old:
        result[(row["region_code"], month_key(row["month"]))][names[row["measure"]]] += row["n"]
    return dict(result)


def clientele_counts(period: Period) -> dict[str, dict[str, int]]:
    """slug -> {"asked", "unmet"}: grouped by the combination in SQL, then each combination's slugs counted."""
    result: dict[str, dict[str, int]] = defaultdict(lambda: {"asked": 0, "unmet": 0})
    grouped = (
        _searches(period)
        .exclude(clienteles="")
        .values("clienteles")
        .annotate(n=Count("id"), unmet_n=Count("id", filter=Q(unmet=True)))
        .order_by()
    )
    for row in grouped:
        for slug in row["clienteles"].split(","):
            result[slug]["asked"] += row["n"]
            result[slug]["unmet"] += row["unmet_n"]
    names = {"clientele": "asked", "unmet_clientele": "unmet"}
    for row in _aggregates(period, *names).values("key", "measure").annotate(n=Sum("count")).order_by():
        result[row["key"]][names[row["measure"]]] += row["n"]
    return dict(result)


def zero_result_counts(period: Period) -> dict[str, int]:
    """FSA -> searches with no result ("" = place known only as a municipality or coordinates)."""
    result: dict[str, int] = defaultdict(int)
    grouped = _searches(period).filter(result_count=0).values("fsa").annotate(n=Count("id")).order_by()
    for row in grouped:
        result[row["fsa"]] += row["n"]
    for row in _aggregates(period, "zero_result").values("key").annotate(n=Sum("count")).order_by():
        result[row["key"]] += row["n"]
    return dict(result)


def _split_key(key: str, organization_ids: Collection[int] | None) -> str | None:
    """For per-centre aggregates ("id:value"): the value when the centre is one of ours, else None."""
    org, _sep, value = key.partition(":")
    return value if org.isdigit() and organization_ids is not None and int(org) in organization_ids else None


def contact_status_counts(
    period: Period, organization_ids: Collection[int] | None = None
) -> dict[tuple[str, str], int]:
    """(region, status) -> contact requests sent in the period."""
    result: dict[tuple[str, str], int] = defaultdict(int)
    grouped = _contacts(period, organization_ids).values("region_code", "status").annotate(n=Count("id")).order_by()
    for row in grouped:
        result[(row["region_code"], row["status"])] += row["n"]
    if organization_ids is None:
        old = _aggregates(period, "contact_status").values("region_code", "key").annotate(n=Sum("count")).order_by()
        for row in old:
            result[(row["region_code"], row["key"])] += row["n"]
    else:
        old = _aggregates(period, "centre_contact_status").values("region_code", "key").annotate(n=Sum("count"))
        for row in old.order_by():
            status = _split_key(row["key"], organization_ids)
            if status is not None:
                result[(row["region_code"], status)] += row["n"]
    return dict(result)


def contact_delay_counts(period: Period, organization_ids: Collection[int] | None = None) -> dict[tuple[str, str], int]:
    """(region, delay band) -> requests first contacted within that band."""
    result: dict[tuple[str, str], int] = defaultdict(int)
    grouped = (
        _contacts(period, organization_ids).exclude(delay="").values("region_code", "delay").annotate(n=Count("id"))
    )
    for row in grouped.order_by():
        result[(row["region_code"], row["delay"])] += row["n"]
    measure = "contact_delay" if organization_ids is None else "centre_contact_delay"
    for row in _aggregates(period, measure).values("region_code", "key").annotate(n=Sum("count")).order_by():
        band = row["key"] if organization_ids is None else _split_key(row["key"], organization_ids)
        if band:
            result[(row["region_code"], band)] += row["n"]
    return dict(result)


def impression_counts(period: Period, organization_ids: Collection[int]) -> dict[dt.date, int]:
    """month -> searches whose results showed one of these centres (a search showing two of them counts twice)."""
    result: dict[dt.date, int] = defaultdict(int)
    rows = (
        ImpressionCount.objects.filter(
            organization_id__in=list(organization_ids), month__gte=period.start, month__lte=period.end
        )
        .values("month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        result[month_key(row["month"])] += row["n"]
    return dict(result)


def visit_counts(period: Period) -> dict[tuple[str, str, dt.date], int]:
    """(source, key, month) -> visits (insights/visits.py); network-wide: visits have no region."""
    from .models import VisitCount

    rows = VisitCount.objects.filter(month__gte=period.start, month__lte=period.end).values_list(
        "source", "key", "month", "count"
    )
    return {(source, key, month_key(month)): count for source, key, month, count in rows}
