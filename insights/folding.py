"""Retention: events older than the period are folded into MonthlyAggregate (grouped in SQL) and deleted.

Whole months only (an event keeps only its month), so a month is folded once. No folded cell stays below the
publication threshold: a small cell is first merged across regions (region ""), then into its measure's "other" key
("" or, for a centre's cell, "id:"), and dropped if even that stays small. Centres' monthly impression counters below
the threshold are deleted at the same time, and the counters of where visits came from lose the name of any site or
tag below it (merged into the source's unnamed counter, itself deleted if still small).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q

from .disclosure import threshold
from .models import ContactEvent, GuideReadEvent, ImpressionCount, MonthlyAggregate, SearchEvent, VisitCount


def _fold_searches(cutoff: dt.date, cells: dict) -> int:
    old = SearchEvent.objects.filter(month__lt=cutoff)
    grouped = old.values("month", "region_code", "is_sample").annotate(
        n=Count("id"), unmet_n=Count("id", filter=Q(unmet=True))
    )
    for row in grouped.order_by():
        base = (row["month"], row["region_code"])
        cells[(*base, "searches", "", row["is_sample"])] += row["n"]
        cells[(*base, "unmet", "", row["is_sample"])] += row["unmet_n"]
    zero = old.filter(result_count=0).values("month", "region_code", "fsa", "is_sample").annotate(n=Count("id"))
    for row in zero.order_by():
        cells[(row["month"], row["region_code"], "zero_result", row["fsa"], row["is_sample"])] += row["n"]
    combos = old.exclude(clienteles="").values("month", "region_code", "clienteles", "is_sample")
    for row in combos.annotate(n=Count("id"), unmet_n=Count("id", filter=Q(unmet=True))).order_by():
        for slug in row["clienteles"].split(","):
            base = (row["month"], row["region_code"])
            cells[(*base, "clientele", slug, row["is_sample"])] += row["n"]
            cells[(*base, "unmet_clientele", slug, row["is_sample"])] += row["unmet_n"]
    deleted, _per_model = old.delete()
    return deleted


def _fold_contacts(cutoff: dt.date, cells: dict) -> int:
    old = ContactEvent.objects.filter(month__lt=cutoff)
    by_status = old.values("month", "region_code", "organization_id", "status", "is_sample").annotate(n=Count("id"))
    for row in by_status.order_by():
        base = (row["month"], row["region_code"])
        cells[(*base, "contact_status", row["status"], row["is_sample"])] += row["n"]
        cells[(*base, "centre_contact_status", f"{row['organization_id']}:{row['status']}", row["is_sample"])] += row[
            "n"
        ]
    delays = old.exclude(delay="").values("month", "region_code", "organization_id", "delay", "is_sample")
    for row in delays.annotate(n=Count("id")).order_by():
        base = (row["month"], row["region_code"])
        cells[(*base, "contact_delay", row["delay"], row["is_sample"])] += row["n"]
        cells[(*base, "centre_contact_delay", f"{row['organization_id']}:{row['delay']}", row["is_sample"])] += row["n"]
    deleted, _per_model = old.delete()
    return deleted


def _other_key(key: str) -> str:
    """The "other" key a small cell is merged into: the centre's own ("id:") or the measure's ("")."""
    org, sep, _rest = key.partition(":")
    return f"{org}:" if sep and org.isdigit() else ""


def cells_coarsen(cells: dict[tuple, int], minimum: int) -> dict[tuple, int]:
    """Merge cells below ``minimum`` across regions, then into "other", then drop what is still small."""
    step: dict[tuple, int] = defaultdict(int)
    for (month, region, measure, key, sample), count in cells.items():
        step[(month, region if count >= minimum else "", measure, key, sample)] += count
    merged: dict[tuple, int] = defaultdict(int)
    for (month, region, measure, key, sample), count in step.items():
        merged[(month, region, measure, key if count >= minimum else _other_key(key), sample)] += count
    return {key: count for key, count in merged.items() if count >= minimum}


def _fold_visits(cutoff: dt.date, minimum: int) -> None:
    small = VisitCount.objects.filter(month__lt=cutoff, count__lt=minimum).exclude(key="")
    merged: dict[tuple, int] = defaultdict(int)
    for month, source, count in small.values_list("month", "source", "count"):
        merged[(month, source)] += count
    small.delete()
    for (month, source), count in merged.items():
        counter, _created = VisitCount.objects.get_or_create(month=month, source=source, key="")
        counter.count += count
        counter.save(update_fields=["count"])
    VisitCount.objects.filter(month__lt=cutoff, key="", count__lt=minimum).delete()


def events_fold(*, cutoff: dt.date, minimum: int | None = None) -> dict[str, int]:
    """Fold every event of a month before ``cutoff``'s month into monthly counts, then delete it."""
    cutoff = cutoff.replace(day=1)
    minimum = threshold() if minimum is None else minimum
    cells: dict[tuple, int] = defaultdict(int)
    with transaction.atomic():
        searches = _fold_searches(cutoff, cells)
        contacts = _fold_contacts(cutoff, cells)
        guides, _per_model = GuideReadEvent.objects.filter(month__lt=cutoff).delete()
        ImpressionCount.objects.filter(month__lt=cutoff, count__lt=minimum).delete()
        _fold_visits(cutoff, minimum)
        kept = cells_coarsen(cells, minimum)
        existing = {
            (a.month, a.region_code, a.measure, a.key, a.is_sample): a
            for a in MonthlyAggregate.objects.filter(month__in={key[0] for key in kept})
        }
        new, changed = [], []
        for key, count in kept.items():
            if key in existing:
                existing[key].count += count
                changed.append(existing[key])
            else:
                month, region, measure, subkey, sample = key
                new.append(MonthlyAggregate(month=month, region_code=region, measure=measure, key=subkey[:120],
                                            count=count, is_sample=sample))  # fmt: skip
        MonthlyAggregate.objects.bulk_create(new, batch_size=2000)
        MonthlyAggregate.objects.bulk_update(changed, ["count"], batch_size=2000)
    return {"searches": searches, "contacts": contacts, "guide_reads": guides, "cells": len(kept)}
