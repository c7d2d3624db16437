"""Pure shaping: grouped true counts (plain dicts) in, published tables out, every number through a disclosure
``Publisher`` (insights/disclosure.py). No database access here.

A Table is what a page shows beside a chart and what the CSV export writes (long format: table, row, column, value,
suppressed, rounding base). Every number in a Table is a disclosure Cell, so no view or export can publish a raw count.
Cell keys name grid coordinates, "measure|region|period", region "*" for all regions: the same coordinate is
published with the same value in every table and download.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .disclosure import BASE, Cell, GridPeriod, Publisher

STATUS_ORDER = ("new", "contacted", "in_service", "closed", "not_reached", "refused")
STATUS_LABELS = {
    "new": _("new"),
    "contacted": _("contacted"),
    "in_service": _("in service"),
    "closed": _("closed"),
    "not_reached": _("not reached"),
    "refused": _("refused"),
}
DELAY_ORDER = ("day", "two_days", "week", "longer")
DELAY_LABELS = {
    "day": _("within one day"),
    "two_days": _("within two days"),
    "week": _("within a week"),
    "longer": _("more than a week"),
}
ALL = "*"


@dataclass
class Table:
    slug: str
    title: str
    headers: list[str]  # first header names the row labels
    rows: list[list] = field(default_factory=list)  # [label, Cell, Cell, ...]
    footer: list | None = None  # totals row, same shape


def month_label(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def cell_key(measure: str, region: str | None, period: dt.date | GridPeriod) -> str:
    code = period.code if isinstance(period, GridPeriod) else month_label(period)
    return f"{measure}|{region or ALL}|{code}"


def region_month_table(
    publisher: Publisher,
    slug: str,
    title: str,
    counts: Mapping[tuple[str, dt.date], Mapping[str, int]],
    measure: str,
    regions: Sequence[tuple[str, str]],
    period: GridPeriod,
    *,
    shown: Sequence[str] | None = None,
) -> tuple[Table, Table]:
    """The region × month table (protected totals) and the matrix's region totals as a short table.

    The matrix is always protected over every region; ``shown`` only picks the rows a region view publishes (and
    drops the all-region footer), so a region view never reveals a cell the full table hides."""
    months = period.months
    matrix = publisher.matrix(
        {key: value[measure] for key, value in counts.items()},
        [code for code, _n in regions],
        months,
        key=lambda r, c: cell_key(measure, r, c if c is not None else period),
    )
    picked = [(code, name) for code, name in regions if shown is None or code in shown]
    table = Table(slug, title, [str(_("Region")), *(month_label(m) for m in months), str(_("Total"))])
    for code, name in picked:
        table.rows.append([name, *(matrix.cells[(code, m)] for m in months), matrix.row_totals[code]])
    by_region = Table(f"{slug}-by-region", title, [str(_("Region")), str(_("Total"))])
    by_region.rows = [[name, matrix.row_totals[code]] for code, name in picked]
    if shown is None:
        table.footer = [str(_("Total")), *(matrix.column_totals[m] for m in months), matrix.total]
        by_region.footer = [str(_("Total")), matrix.total]
    return table, by_region


def trend_table(searches: Mapping[dt.date, Cell], unmet: Mapping[dt.date, Cell], months: Sequence[dt.date]) -> Table:
    """Monthly trend: cells already published in the region × month matrices (so no new cell is revealed)."""
    table = Table("trend", str(_("Searches and unmet demand per month")), [
        str(_("Month")), str(_("Searches")), str(_("Unmet demand")),
    ])  # fmt: skip
    table.rows = [[month_label(m), searches[m], unmet[m]] for m in months]
    return table


def ranked_table(publisher: Publisher, slug: str, title: str, headers: list[str], counts: Mapping[str, int],
                 labels: Mapping[str, str], *, measure: str, region: str, period: GridPeriod,
                 limit: int = 25) -> Table:  # fmt: skip
    """A list without totals, largest first (by published value): suppression and rounding per cell."""
    table = Table(slug, title, headers)
    cells = [
        (labels.get(key, key), publisher.count(value, cell_key(f"{measure}:{key}", region, period)))
        for key, value in counts.items()
        if value > 0
    ]
    cells.sort(key=lambda item: (item[1].suppressed, -(item[1].value or 0), str(item[0])))
    table.rows = [[label, cell] for label, cell in cells[:limit]]
    return table


def clientele_table(
    publisher: Publisher, counts: Mapping[str, Mapping[str, int]], labels: Mapping[str, str], *, region: str,
    period: GridPeriod,
) -> Table:  # fmt: skip
    table = Table("clienteles", str(_("Clientèles most asked for")), [
        str(_("Clientèle")), str(_("Searches")), str(_("Unmet demand")),
    ])  # fmt: skip
    rows = [
        [
            labels.get(slug, slug),
            publisher.count(value["asked"], cell_key(f"clientele:{slug}", region, period)),
            publisher.count(value["unmet"], cell_key(f"unmet_clientele:{slug}", region, period)),
        ]
        for slug, value in counts.items()
        if value["asked"] > 0
    ]
    rows.sort(key=lambda row: (row[1].suppressed, -(row[1].value or 0), str(row[0])))
    table.rows = rows
    return table


def contact_tables(
    publisher: Publisher,
    counts: Mapping[tuple[str, str], int],
    delays: Mapping[tuple[str, str], int],
    regions: Sequence[tuple[str, str]],
    period: GridPeriod,
    *,
    slug: str = "contacts",
    scope: str = "",
    shown: Sequence[str] | None = None,
) -> list[Table]:
    """Requests by region and status, and by region and delay to first contact (both with protected totals).

    ``scope`` distinguishes a centre's own cells from the network's ("" = network)."""
    codes = [code for code, _n in regions]
    picked = [(code, name) for code, name in regions if shown is None or code in shown]
    tables = []
    for suffix, measure, order, labels, values, title in (
        ("", "contact_status", STATUS_ORDER, STATUS_LABELS, counts, _("Contact requests by status")),
        ("-delay", "contact_delay", DELAY_ORDER, DELAY_LABELS, delays, _("Contact requests by time to first contact")),
    ):
        matrix = publisher.matrix(
            values, codes, list(order),
            key=lambda r, c, m=measure: cell_key(f"{scope}{m}:{c or ALL}", r, period),
        )  # fmt: skip
        table = Table(f"{slug}{suffix}", str(title), [
            str(_("Region")), *(str(labels[s]) for s in order), str(_("Total")),
        ])  # fmt: skip
        for code, name in picked:
            table.rows.append([name, *(matrix.cells[(code, s)] for s in order), matrix.row_totals[code]])
        if shown is None:
            table.footer = [str(_("Total")), *(matrix.column_totals[s] for s in order), matrix.total]
        tables.append(table)
    return tables


def unmet_share(searches: Cell, unmet: Cell) -> str:
    """Share of searches that were unmet, from the published (rounded) counts, only when both are published."""
    if searches.suppressed or unmet.suppressed or not searches.value:
        return ""
    return f"{number_format(100 * (unmet.value or 0) / searches.value, 0)} %"


def csv_rows(tables: Sequence[Table]) -> list[list]:
    """Long format, one line per published cell: table, row, column, value ("" when suppressed), suppressed flag,
    rounding base (every published count is randomly rounded to this base)."""
    lines: list[list] = []
    for table in tables:
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            for header, cell in zip(table.headers[1:], row[1:], strict=False):
                if isinstance(cell, Cell):
                    lines.append([table.slug, row[0], header, "" if cell.suppressed else cell.value,
                                  1 if cell.suppressed else 0, BASE])  # fmt: skip
                else:
                    lines.append([table.slug, row[0], header, cell, 0, ""])
    return lines
