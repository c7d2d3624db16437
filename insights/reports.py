"""The dashboard's and the centre view's content: aggregates (SQL) shaped into protected tables, charts and a map."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.models import Clientele
from eligibility.regions import region_map
from geography.models import Region

from . import aggregates
from .aggregates import Period
from .charts import bar_chart, line_chart
from .suppression import Cell, protect_matrix
from .tables import (
    Table,
    clientele_table,
    contact_table,
    month_label,
    months_between,
    ranked_table,
    region_month_table,
    trend_table,
    unmet_share,
)


@dataclass
class Report:
    period: Period
    tables: list[Table]
    charts: dict[str, str] = field(default_factory=dict)
    has_sample: bool = False
    map: object = None
    map_rows: list = field(default_factory=list)
    headline: dict[str, Cell | str] = field(default_factory=dict)


def region_names() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in Region.objects.order_by("code")]


def _map(by_region: Table, regions: list[tuple[str, str]]):
    boundaries = Region.objects.order_by("code").values_list("code", "name", "boundary", "label_lat", "label_lon")
    data = region_map(list(boundaries))
    values = {name: cell for name, cell in by_region.rows}
    names = dict(regions)
    top = max((c.value for c in values.values() if not c.suppressed and c.value), default=0)
    rows = []
    for shape in data.shapes:
        cell = values.get(names.get(shape.code, shape.name), Cell(0, False))
        if cell.suppressed:
            level = "suppressed"
        else:
            level = str(0 if not top or not cell.value else min(4, 1 + int(4 * cell.value / top)))
        rows.append((shape, cell, level))
    return data, rows


def network_report(period: Period) -> Report:
    regions = region_names()
    shown = [(c, n) for c, n in regions if c == period.region] if period.region else regions
    months = months_between(period.start, period.end)
    counts = aggregates.search_counts(period)
    searches, searches_by_region = region_month_table(
        "searches", _("Searches by region and month"), counts, "searches", shown, months
    )
    unmet, unmet_by_region = region_month_table(
        "unmet", _("Unmet demand by region and month"), counts, "unmet", shown, months
    )
    region_summary = Table("regions", _("Searches and unmet demand by region"), [
        _("Region"), _("Searches"), _("Unmet demand"), _("Share unmet"),
    ])  # fmt: skip
    for (name, total), (_name, unmet_total) in zip(searches_by_region.rows, unmet_by_region.rows, strict=True):
        region_summary.rows.append([name, total, unmet_total, unmet_share(total, unmet_total)])
    region_summary.footer = [
        _("Total"),
        searches.footer[-1],
        unmet.footer[-1],
        unmet_share(searches.footer[-1], unmet.footer[-1]),
    ]
    trend = trend_table(
        dict(zip(months, searches.footer[1:-1], strict=True)), dict(zip(months, unmet.footer[1:-1], strict=True)),
        months,
    )  # fmt: skip
    labels = dict(Clientele.objects.values_list("slug", "name"))
    clienteles = clientele_table(aggregates.clientele_counts(period), labels)
    zero = ranked_table(
        "zero-results", _("Searches with no result, by postal area (FSA)"), [_("Postal area (FSA)"), _("Searches")],
        aggregates.zero_result_counts(period), {"": _("Area not known (town or map point)")},
    )  # fmt: skip
    contacts = contact_table(
        aggregates.contact_status_counts(period), aggregates.contact_delay_histograms(period), shown
    )
    data, map_rows = _map(searches_by_region, regions) if not period.region else (None, [])
    report = Report(
        period=period,
        tables=[region_summary, searches, unmet, trend, clienteles, zero, contacts],
        has_sample=aggregates.has_sample(period),
        map=data,
        map_rows=map_rows,
    )
    report.charts = {
        "regions": bar_chart("chart-regions", region_summary.title, [(r[0], r[1]) for r in region_summary.rows]),
        "unmet": bar_chart("chart-unmet", _("Unmet demand by region"), [(r[0], r[2]) for r in region_summary.rows]),
        "trend": line_chart(
            "chart-trend",
            trend.title,
            [month_label(m) for m in months],
            [
                (_("Searches"), [r[1] for r in trend.rows]),
                (_("Unmet demand"), [r[2] for r in trend.rows]),
            ],
        ),  # fmt: skip
        "clienteles": bar_chart("chart-clienteles", clienteles.title, [(r[0], r[1]) for r in clienteles.rows[:12]]),
        "unmet_clienteles": bar_chart(
            "chart-unmet-clienteles", _("Unmet demand by clientèle"), [(r[0], r[2]) for r in clienteles.rows[:12]]
        ),
        "zero": bar_chart("chart-zero", zero.title, [(r[0], r[1]) for r in zero.rows[:12]]),
    }
    report.headline = {"searches": searches.footer[-1], "unmet": unmet.footer[-1], "contacts": contacts.footer[-2],
                       "median": contacts.footer[-1]}  # fmt: skip
    return report


def centre_report(period: Period, organization_ids: Collection[int]) -> Report:
    """The same figures restricted to the user's own centres: searches that showed them, requests received."""
    ids = set(organization_ids)
    months = months_between(period.start, period.end)
    impressions = aggregates.impression_counts(period, ids)
    matrix = protect_matrix({("all", m): n for m, n in impressions.items()}, ["all"], months)
    shown = Table("centre-searches", _("Searches whose results showed your centre, by month"), [
        _("Month"), _("Searches"),
    ])  # fmt: skip
    shown.rows = [[month_label(m), matrix.cells[("all", m)]] for m in months]
    shown.footer = [_("Total"), matrix.total]
    names = dict(region_names())
    status_counts = aggregates.contact_status_counts(period, ids)
    used = sorted({code for code, _status in status_counts})
    contacts = contact_table(
        status_counts,
        aggregates.contact_delay_histograms(period, ids),
        [(code, names.get(code) or code or _("Region not known")) for code in used],
        slug="centre-contacts",
    )
    report = Report(period=period, tables=[shown, contacts])
    report.charts = {
        "trend": line_chart(
            "chart-centre-trend",
            shown.title,
            [r[0] for r in shown.rows],
            [
                (_("Searches"), [r[1] for r in shown.rows]),
            ],
        ),  # fmt: skip
    }
    report.headline = {"searches": matrix.total, "contacts": contacts.footer[-2], "median": contacts.footer[-1]}
    return report
