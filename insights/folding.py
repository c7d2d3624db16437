"""Retention: events older than the period are folded into MonthlyAggregate (grouped in SQL) and deleted."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Cast, Floor, TruncMonth

from .aggregates import month_key
from .models import ContactEvent, GuideReadEvent, MonthlyAggregate, SearchEvent, SearchImpression


def _fold_searches(cutoff: dt.date, cells: dict) -> int:
    old = SearchEvent.objects.filter(day__lt=cutoff).annotate(month=TruncMonth("day"))
    grouped = old.values("month", "region_code", "is_sample").annotate(
        n=Count("id"), unmet_n=Count("id", filter=Q(unmet=True))
    )
    for row in grouped.order_by():
        base = (month_key(row["month"]), row["region_code"])
        cells[(*base, "searches", "", row["is_sample"])] += row["n"]
        cells[(*base, "unmet", "", row["is_sample"])] += row["unmet_n"]
    zero = old.filter(result_count=0).values("month", "region_code", "fsa", "is_sample").annotate(n=Count("id"))
    for row in zero.order_by():
        cells[(month_key(row["month"]), row["region_code"], "zero_result", row["fsa"], row["is_sample"])] += row["n"]
    combos = old.exclude(clienteles="").values("month", "region_code", "clienteles", "is_sample")
    for row in combos.annotate(n=Count("id"), unmet_n=Count("id", filter=Q(unmet=True))).order_by():
        for slug in row["clienteles"].split(","):
            base = (month_key(row["month"]), row["region_code"])
            cells[(*base, "clientele", slug, row["is_sample"])] += row["n"]
            cells[(*base, "unmet_clientele", slug, row["is_sample"])] += row["unmet_n"]
    impressions = (
        SearchImpression.objects.filter(day__lt=cutoff)
        .annotate(month=TruncMonth("day"))
        .values("month", "organization_id", "event__is_sample")
        .annotate(n=Count("id"))
    )
    for row in impressions.order_by():
        key = (month_key(row["month"]), "", "centre_impressions", str(row["organization_id"]), row["event__is_sample"])
        cells[key] += row["n"]
    SearchImpression.objects.filter(day__lt=cutoff).delete()
    deleted, _per_model = SearchEvent.objects.filter(day__lt=cutoff).delete()
    return deleted


def _fold_contacts(cutoff: dt.date, cells: dict) -> int:
    old = ContactEvent.objects.filter(day__lt=cutoff).annotate(month=TruncMonth("day"))
    by_status = old.values("month", "region_code", "organization_id", "status", "is_sample").annotate(n=Count("id"))
    for row in by_status.order_by():
        base = (month_key(row["month"]), row["region_code"])
        cells[(*base, "contact_status", row["status"], row["is_sample"])] += row["n"]
        cells[(*base, "centre_contact_status", f"{row['organization_id']}:{row['status']}", row["is_sample"])] += row[
            "n"
        ]
    delays = (
        old.exclude(hours_to_first_contact=None)
        .annotate(hours=Cast(Floor("hours_to_first_contact"), IntegerField()))
        .values("month", "region_code", "organization_id", "hours", "is_sample")
        .annotate(n=Count("id"))
    )
    for row in delays.order_by():
        base = (month_key(row["month"]), row["region_code"])
        cells[(*base, "contact_hours", str(row["hours"]), row["is_sample"])] += row["n"]
        cells[(*base, "centre_contact_hours", f"{row['organization_id']}:{row['hours']}", row["is_sample"])] += row["n"]
    deleted, _per_model = ContactEvent.objects.filter(day__lt=cutoff).delete()
    return deleted


def events_fold(*, cutoff: dt.date) -> dict[str, int]:
    """Fold every event dated before ``cutoff`` into monthly counts (added to any already there), then delete it."""
    cells: dict[tuple, int] = defaultdict(int)
    with transaction.atomic():
        searches = _fold_searches(cutoff, cells)
        contacts = _fold_contacts(cutoff, cells)
        guides, _per_model = GuideReadEvent.objects.filter(day__lt=cutoff).delete()
        existing = {
            (a.month, a.region_code, a.measure, a.key, a.is_sample): a
            for a in MonthlyAggregate.objects.filter(month__in={key[0] for key in cells})
        }
        new, changed = [], []
        for key, count in cells.items():
            if not count:
                continue
            if key in existing:
                existing[key].count += count
                changed.append(existing[key])
            else:
                month, region, measure, subkey, sample = key
                new.append(MonthlyAggregate(month=month, region_code=region, measure=measure, key=subkey[:120],
                                            count=count, is_sample=sample))  # fmt: skip
        MonthlyAggregate.objects.bulk_create(new, batch_size=2000)
        MonthlyAggregate.objects.bulk_update(changed, ["count"], batch_size=2000)
    return {"searches": searches, "contacts": contacts, "guide_reads": guides, "cells": len(cells)}
