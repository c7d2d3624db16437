"""The dashboard's, the centre view's and the evidence page's content: true counts (SQL) published through one
disclosure ``Publisher`` (insights/disclosure.py) as tables, charts and a map."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.models import Clientele, Organization
from eligibility.regions import region_map
from geography.models import Region

from . import aggregates
from .charts import bar_chart, line_chart
from .disclosure import DOMINANCE_MIN_CENTRES, SUPPRESSED, Cell, GridPeriod, Publisher
from .forms import query_period
from .sources import visibility_tables
from .tables import (
    ALL,
    Table,
    cell_key,
    clientele_table,
    contact_tables,
    month_label,
    ranked_table,
    region_month_table,
    trend_table,
    unmet_share,
)


@dataclass
class Report:
    period: GridPeriod
    tables: list[Table]
    region: str = ""
    charts: dict[str, str] = field(default_factory=dict)
    has_sample: bool = False
    map: object = None
    map_rows: list = field(default_factory=list)
    headline: dict[str, Cell | str] = field(default_factory=dict)
    visibility: list[Table] = field(default_factory=list)  # where visits come from (network dashboard only)

    def table(self, slug: str) -> Table | None:
        return next((t for t in self.tables if t.slug == slug), None)


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


def region_summary(publisher: Publisher, period: GridPeriod, regions, *, shown=None) -> tuple[Table, Table, Table]:
    """(region summary, searches region × month, unmet region × month), protected over every region."""
    counts = aggregates.search_counts(query_period(period))
    searches, searches_by_region = region_month_table(
        publisher, "searches", _("Searches by region and month"), counts, "searches", regions, period, shown=shown
    )
    unmet, unmet_by_region = region_month_table(
        publisher, "unmet", _("Unmet demand by region and month"), counts, "unmet", regions, period, shown=shown
    )
    summary = Table("regions", _("Searches and unmet demand by region"), [
        _("Region"), _("Searches"), _("Unmet demand"), _("Share unmet"),
    ])  # fmt: skip
    for (name, total), (_name, unmet_total) in zip(searches_by_region.rows, unmet_by_region.rows, strict=True):
        summary.rows.append([name, total, unmet_total, unmet_share(total, unmet_total)])
    if shown is None:
        summary.footer = [
            _("Total"), searches.footer[-1], unmet.footer[-1], unmet_share(searches.footer[-1], unmet.footer[-1]),
        ]  # fmt: skip
    return summary, searches, unmet


def network_report(period: GridPeriod, region: str = "") -> Report:
    publisher = Publisher()
    regions = region_names()
    shown = [region] if region else None
    summary, searches, unmet = region_summary(publisher, period, regions, shown=shown)
    months = period.months
    if region:  # the region's own row (published above) is its trend
        row_searches, row_unmet = searches.rows[0][1:-1], unmet.rows[0][1:-1]
    else:
        row_searches, row_unmet = searches.footer[1:-1], unmet.footer[1:-1]
    trend = trend_table(dict(zip(months, row_searches, strict=True)), dict(zip(months, row_unmet, strict=True)), months)
    labels = dict(Clientele.objects.values_list("slug", "name"))
    scope = query_period(period, region)
    clienteles = clientele_table(publisher, aggregates.clientele_counts(scope), labels, region=region, period=period)
    zero = ranked_table(
        publisher, "zero-results", _("Searches with no result, by postal area (FSA)"),
        [_("Postal area (FSA)"), _("Searches")], aggregates.zero_result_counts(scope),
        {"": _("Area not known (town or map point), or too few to show")}, measure="zero", region=region,
        period=period,
    )  # fmt: skip
    contacts, delays = contact_tables(
        publisher,
        aggregates.contact_status_counts(query_period(period)),
        aggregates.contact_delay_counts(query_period(period)),
        regions,
        period,
        shown=shown,
    )
    visibility = visibility_tables(publisher, aggregates.visit_counts(query_period(period)), period)
    data, map_rows = (None, []) if region else _map(Table("", "", [], rows=[r[:2] for r in summary.rows]), regions)
    report = Report(
        period=period,
        region=region,
        tables=[summary, searches, unmet, trend, clienteles, zero, contacts, delays, *visibility],
        has_sample=aggregates.has_sample(query_period(period)),
        map=data,
        map_rows=map_rows,
        visibility=visibility,
    )
    report.charts = {
        "regions": bar_chart("chart-regions", summary.title, [(r[0], r[1]) for r in summary.rows]),
        "unmet": bar_chart("chart-unmet", _("Unmet demand by region"), [(r[0], r[2]) for r in summary.rows]),
        "trend": line_chart(
            "chart-trend",
            trend.title,
            [month_label(m) for m in months],
            [(_("Searches"), [r[1] for r in trend.rows]), (_("Unmet demand"), [r[2] for r in trend.rows])],
        ),  # fmt: skip
        "clienteles": bar_chart("chart-clienteles", clienteles.title, [(r[0], r[1]) for r in clienteles.rows[:12]]),
        "unmet_clienteles": bar_chart(
            "chart-unmet-clienteles", _("Unmet demand by clientèle"), [(r[0], r[2]) for r in clienteles.rows[:12]]
        ),
        "zero": bar_chart("chart-zero", zero.title, [(r[0], r[1]) for r in zero.rows[:12]]),
    }
    last = (lambda t: t.footer[-1]) if not region else (lambda t: t.rows[0][-1])
    report.headline = {"searches": last(searches), "unmet": last(unmet), "contacts": last(contacts)}
    return report


def centre_report(period: GridPeriod, organization_ids: Collection[int]) -> Report:
    """The same figures restricted to the user's own centres: searches that showed them, requests received."""
    publisher = Publisher()
    ids = set(organization_ids)
    scope = "centre:" + "-".join(str(i) for i in sorted(ids)) + ":"
    months = period.months
    impressions = aggregates.impression_counts(query_period(period), ids)
    matrix = publisher.matrix(
        {(ALL, m): n for m, n in impressions.items()}, [ALL], months,
        key=lambda _r, c: cell_key(f"{scope}impressions", ALL, c if c is not None else period),
    )  # fmt: skip
    shown = Table("centre-searches", _("Searches whose results showed your centre, by month"), [
        _("Month"), _("Searches"),
    ])  # fmt: skip
    shown.rows = [[month_label(m), matrix.cells[(ALL, m)]] for m in months]
    shown.footer = [_("Total"), matrix.total]
    names = dict(region_names())
    status_counts = aggregates.contact_status_counts(query_period(period), ids)
    delay_counts = aggregates.contact_delay_counts(query_period(period), ids)
    used = sorted({code for code, _status in status_counts} | {code for code, _band in delay_counts})
    contacts, delays = contact_tables(
        publisher, status_counts, delay_counts,
        [(code, names.get(code) or code or _("Region not known")) for code in used], period,
        slug="centre-contacts", scope=scope,
    )  # fmt: skip
    report = Report(period=period, tables=[shown, contacts, delays])
    report.has_sample = Organization.objects.filter(pk__in=ids, is_sample=True).exists()
    report.charts = {
        "trend": line_chart("chart-centre-trend", shown.title, [r[0] for r in shown.rows],
                            [(_("Searches"), [r[1] for r in shown.rows])]),
    }  # fmt: skip
    report.headline = {"searches": matrix.total, "contacts": contacts.footer[-1]}
    return report


def _unpaid_share(aggregate) -> Cell:
    """Hours worked beyond the funded hours, as a share of the hours worked (dominance rule on both sums)."""
    figures = aggregate.figures
    if not (aggregate.shown("total") and aggregate.shown("funded_minutes")) or not figures.total_minutes:
        return SUPPRESSED
    share = max(0, figures.gap_minutes) / figures.total_minutes
    return Cell(value=round(100 * share), suppressed=False)


def evidence_report(period: GridPeriod) -> Report:
    """The public evidence page: searches and unmet demand by region (the dashboard's own published cells) and the
    unpaid share of the centres' work (centres that agreed to share only, dominance rule)."""
    from funding import queries as funding_queries

    publisher = Publisher()
    regions = region_names()
    summary, _searches, _unmet = region_summary(publisher, period, regions)
    network, by_region = funding_queries.network_figures(period.start, period.end)
    unpaid = Table("unpaid", _("Unpaid share of the centres' work"), [
        _("Region"), _("Centres sharing"), _("Unpaid share (%)"),
    ])  # fmt: skip
    for label, aggregate in by_region:
        centres = aggregate.centres if aggregate.centres >= DOMINANCE_MIN_CENTRES else SUPPRESSED
        unpaid.rows.append([label or _("Region not known"), centres, _unpaid_share(aggregate)])
    centres = network.centres if network.centres >= DOMINANCE_MIN_CENTRES else SUPPRESSED
    unpaid.footer = [_("All centres that agreed to share"), centres, _unpaid_share(network)]
    sharing = funding_queries.sharing_org_ids(period.end)
    report = Report(period=period, tables=[summary, unpaid])
    report.has_sample = aggregates.has_sample(query_period(period)) or funding_queries.any_sample(sharing)
    report.charts = {
        "unmet": bar_chart("chart-evidence-unmet", _("Unmet demand by region"), [(r[0], r[2]) for r in summary.rows]),
    }
    report.headline = {"searches": summary.footer[1], "unmet": summary.footer[2], "share": summary.footer[3],
                       "unpaid": unpaid.footer[2]}  # fmt: skip
    return report
