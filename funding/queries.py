"""The query layer of the report: reads the database once per question and hands plain data to reports.py."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, Sum
from django.utils.text import capfirst

from directory.models import Location

from .models import FundingParameters, NetworkSharingConsent, PeripheralCategory, TimeRecord
from .reports import Bucket, Parameters, months_between, parameter_boundaries


def parameters_for(org_ids: Iterable[int] | None, start: datetime.date, end: datetime.date) -> list[Parameters]:
    """Every parameter version overlapping [start, end] (all centres when org_ids is None)."""
    qs = FundingParameters.objects.filter(valid_from__lte=end).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    recognised: dict[int, set[int]] = defaultdict(set)
    through = FundingParameters.recognised_service_types.through.objects.filter(fundingparameters__in=qs)
    for params_id, service_type_id in through.values_list("fundingparameters_id", "servicetype_id"):
        recognised[params_id].add(service_type_id)
    return [
        Parameters(
            org_id=p.organization_id,
            programme=p.programme,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            recognised_service_type_ids=frozenset(recognised[p.pk]),
            hours_per_participant=p.hours_per_participant,
            participants=p.participants,
            real_hourly_cost=p.real_hourly_cost,
            hourly_rate=p.hourly_rate,
            rate_min=p.rate_min,
            rate_max=p.rate_max,
        )
        for p in qs
    ]


def _rows(qs, fields: list[str]):
    """Grouped sums, read straight from the cursor: the ORM builds the SQL, but converting ~100,000 rows through
    Django's per-value converters cost a third of the network report. SQLite returns dates as text, parsed once."""
    grouped = (
        qs.values(*fields, "category", "service_type_id", "peripheral_category_id")
        .order_by()
        .annotate(total=Sum("minutes"))
        .values_list(*fields, "category", "service_type_id", "peripheral_category_id", "total")
    )
    try:
        sql, params = grouped.query.get_compiler(using=grouped.db).as_sql()
    except EmptyResultSet:  # e.g. no centre agreed to share
        return
    dates: dict[object, datetime.date] = {}
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        for org_id, day, *rest in cursor.fetchall():
            if not isinstance(day, datetime.date):
                day = dates.get(day) or dates.setdefault(day, datetime.date.fromisoformat(day))
            yield (org_id, day, *rest)


def buckets_for(
    org_ids: Iterable[int] | None, start: datetime.date, end: datetime.date, parameters: list[Parameters]
) -> list[Bucket]:
    """Minutes grouped by centre, month and category; months in which a centre's parameters change are grouped
    by day so that each bucket is priced with the right version."""
    # The month bounds repeat the date bounds so that the index (organization, month, …) can seek.
    records = TimeRecord.objects.filter(
        month__gte=start.replace(day=1), month__lte=end.replace(day=1), date__gte=start, date__lte=end
    )
    if org_ids is not None:
        records = records.filter(organization_id__in=list(org_ids))
    split_months: dict[int, set[datetime.date]] = defaultdict(set)
    for org_id, days in parameter_boundaries(parameters).items():
        for day in days:
            if day.day != 1 and start <= day <= end:
                split_months[org_id].add(day.replace(day=1))
    month_spans = {first.replace(day=1): (first, last) for first, last in months_between(start, end)}
    buckets = []
    for org_id, month, category, st_id, pc_id, total in _rows(records, ["organization_id", "month"]):
        if month in split_months.get(org_id, ()):
            continue  # replaced by the day-by-day rows below
        first, last = month_spans[month]
        buckets.append(Bucket(org_id, first, last, category, total, st_id, pc_id))
    if split_months:
        # One query for every split (centre, month): a superset (each centre × each split month) cut in Python.
        all_months = set().union(*split_months.values())
        daily = records.filter(organization_id__in=list(split_months), month__in=sorted(all_months))
        for org_id, day, category, st_id, pc_id, total in _rows(daily, ["organization_id", "date"]):
            if day.replace(day=1) in split_months[org_id]:
                buckets.append(Bucket(org_id, day, day, category, total, st_id, pc_id))
    return buckets


def category_labels() -> dict[str, str]:
    """Report row labels, in the active language, in a stable order."""
    from .models import Category

    labels = {
        Category.CLIENT.value: str(capfirst(Category.CLIENT.label)),
        Category.RETENTION.value: str(capfirst(Category.RETENTION.label)),
    }
    for category in PeripheralCategory.objects.all():
        labels[f"peripheral:{category.pk}"] = category.name
    return labels


def sharing_org_ids(on: datetime.date) -> set[int]:
    """Centres whose consent to share in network figures is in force on that day."""
    return set(
        NetworkSharingConsent.objects.filter(agreed_on__lte=on, withdrawn_on__isnull=True).values_list(
            "organization_id", flat=True
        )
    )


def org_regions(org_ids: Iterable[int]) -> dict[int, str]:
    """Each centre's main region: the region of its first location."""
    regions: dict[int, str] = {}
    rows = (
        Location.objects.filter(organization_id__in=list(org_ids))
        .order_by("organization_id", "id")
        .values_list("organization_id", "region__code", "region__name")
    )
    for org_id, code, name in rows:
        regions.setdefault(org_id, f"{code} {name}")
    return regions


def centre_figures_for(org_id: int, start: datetime.date, end: datetime.date):
    """One centre's figures for [start, end] (an empty Figures when nothing was recorded)."""
    from .reports import Figures, centre_figures

    params = parameters_for([org_id], start, end)
    return centre_figures(buckets_for([org_id], start, end, params), params, start, end).get(org_id, Figures())


def network_figures(start: datetime.date, end: datetime.date):
    """(network aggregate, [(region label, aggregate)]) over the centres that agreed to share, on the last day."""
    from .reports import centre_figures, combine, group_by_region

    org_ids = sharing_org_ids(end)
    params = parameters_for(org_ids, start, end)
    per_centre = centre_figures(buckets_for(org_ids, start, end, params), params, start, end)
    network = combine(per_centre, org_ids)
    regions = group_by_region(org_regions(org_ids), org_ids)
    return network, [(label, combine(per_centre, ids)) for label, ids in regions.items()]
