"""The query layer of the report: reads the database once per question and hands plain data to reports.py."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import Q
from django.utils.text import capfirst

from directory.models import Location, Organization

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


def _grouped_minutes(
    org_ids: list[int] | None,
    start: datetime.date,
    end: datetime.date,
    *,
    by: str,
    months: list[datetime.date] | None = None,
) -> Iterator[tuple]:
    """(centre, month or day, category, service type, peripheral category, minutes) summed over [start, end].

    The one hand-written statement of the app, because it is the network report's hot path (see bench/funding.py):
    it groups in the order of the covering index timerecord_report_grouped, so SQLite reads the index alone and
    needs no temporary b-tree, and it selects the day as text (`|| ''`) so that no per-row date converter runs;
    dates are parsed once per distinct value here. Portable SQL (SQLite and PostgreSQL)."""
    if by not in ("month", "date"):
        raise ValueError(by)
    if org_ids is not None and not org_ids:
        return
    ops = connection.ops
    where = ["month >= %s", "month <= %s", "date >= %s", "date <= %s"]
    params = [ops.adapt_datefield_value(d) for d in (start.replace(day=1), end.replace(day=1), start, end)]
    for column, values in (("organization_id", org_ids), ("month", months)):
        if values is not None:
            where.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
            params += [ops.adapt_datefield_value(v) if column == "month" else v for v in values]
    columns = "category, service_type_id, peripheral_category_id"
    sql = (
        f"SELECT organization_id, {by} || '', {columns}, SUM(minutes) "  # noqa: S608 - fixed names, values bound
        f"FROM {ops.quote_name(TimeRecord._meta.db_table)} WHERE {' AND '.join(where)} "
        f"GROUP BY organization_id, {by}, {columns}"
    )
    dates: dict[str, datetime.date] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for org_id, day, category, service_type_id, peripheral_id, total in cursor.fetchall():
            parsed = dates.get(day) or dates.setdefault(day, datetime.date.fromisoformat(day[:10]))
            yield org_id, parsed, category, service_type_id, peripheral_id, int(total)


def buckets_for(
    org_ids: Iterable[int] | None, start: datetime.date, end: datetime.date, parameters: list[Parameters]
) -> list[Bucket]:
    """Minutes grouped by centre, month and category; months in which a centre's parameters change are grouped
    by day so that each bucket is priced with the right version."""
    ids = None if org_ids is None else sorted(org_ids)
    split_months: dict[int, set[datetime.date]] = defaultdict(set)
    for org_id, days in parameter_boundaries(parameters).items():
        for day in days:
            if day.day != 1 and start <= day <= end:
                split_months[org_id].add(day.replace(day=1))
    month_spans = {first.replace(day=1): (first, last) for first, last in months_between(start, end)}
    buckets = []
    for org_id, month, category, st_id, pc_id, total in _grouped_minutes(ids, start, end, by="month"):
        if month in split_months.get(org_id, ()):
            continue  # replaced by the day-by-day rows below
        first, last = month_spans[month]
        buckets.append(Bucket(org_id, first, last, category, total, st_id, pc_id))
    if split_months:
        # One query for every split (centre, month): a superset (each centre × each split month) cut in Python.
        split_ids = sorted(split_months) if ids is None else [i for i in ids if i in split_months]
        months = sorted(set().union(*split_months.values()))
        for org_id, day, category, st_id, pc_id, total in _grouped_minutes(
            split_ids, start, end, by="date", months=months
        ):
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


def any_sample(org_ids: Iterable[int]) -> bool:
    """Whether any of these centres is a fictional sample organisation (its figures are then labelled)."""
    return Organization.objects.filter(pk__in=list(org_ids), is_sample=True).exists()


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
