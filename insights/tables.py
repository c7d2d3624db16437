"""Pure shaping: grouped counts (plain dicts) in, protected tables out. No database access here.

A Table is what a page shows beside a chart and what the CSV export writes (long format: table, row, column, value,
suppressed). Every number in a Table is a suppression Cell, so no view or export can publish a raw small count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .suppression import SUPPRESSED, Cell, protect, protect_matrix, threshold

STATUS_ORDER = ("new", "contacted", "in_service", "closed", "not_reached", "refused")
STATUS_LABELS = {
    "new": _("new"),
    "contacted": _("contacted"),
    "in_service": _("in service"),
    "closed": _("closed"),
    "not_reached": _("not reached"),
    "refused": _("refused"),
}


@dataclass
class Table:
    slug: str
    title: str
    headers: list[str]  # first header names the row labels
    rows: list[list] = field(default_factory=list)  # [label, Cell, Cell, ...]
    footer: list | None = None  # totals row, same shape


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], dt.date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def month_label(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def region_month_table(
    slug: str,
    title: str,
    counts: Mapping[tuple[str, dt.date], Mapping[str, int]],
    measure: str,
    regions: Sequence[tuple[str, str]],
    months: Sequence[dt.date],
) -> tuple[Table, Table]:
    """The region × month table (with protected totals) and the same matrix's region totals as a short table."""
    matrix = protect_matrix(
        {key: value[measure] for key, value in counts.items()}, [code for code, _n in regions], list(months)
    )
    table = Table(slug, title, [str(_("Region")), *(month_label(m) for m in months), str(_("Total"))])
    for code, name in regions:
        table.rows.append([name, *(matrix.cells[(code, m)] for m in months), matrix.row_totals[code]])
    table.footer = [str(_("Total")), *(matrix.column_totals[m] for m in months), matrix.total]
    by_region = Table(f"{slug}-by-region", title, [str(_("Region")), str(_("Total"))])
    by_region.rows = [[name, matrix.row_totals[code]] for code, name in regions]
    by_region.footer = [str(_("Total")), matrix.total]
    return table, by_region


def trend_table(searches: Mapping[dt.date, Cell], unmet: Mapping[dt.date, Cell], months: Sequence[dt.date]) -> Table:
    """Monthly trend: the column totals of the protected region × month matrices (so no new cell is revealed)."""
    table = Table("trend", str(_("Searches and unmet demand per month")), [
        str(_("Month")), str(_("Searches")), str(_("Unmet demand")),
    ])  # fmt: skip
    table.rows = [[month_label(m), searches[m], unmet[m]] for m in months]
    return table


def ranked_table(slug: str, title: str, headers: list[str], counts: Mapping[str, int], labels: Mapping[str, str],
                 limit: int = 25) -> Table:  # fmt: skip
    """A list without totals, largest first: primary suppression is enough (no total to subtract from)."""
    table = Table(slug, title, headers)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    table.rows = [[labels.get(key, key), protect(value)] for key, value in ordered if value > 0]
    return table


def clientele_table(counts: Mapping[str, Mapping[str, int]], labels: Mapping[str, str]) -> Table:
    table = Table("clienteles", str(_("Clientèles most asked for")), [
        str(_("Clientèle")), str(_("Searches")), str(_("Unmet demand")),
    ])  # fmt: skip
    ordered = sorted(counts.items(), key=lambda item: (-item[1]["asked"], item[0]))
    table.rows = [
        [labels.get(slug, slug), protect(value["asked"]), protect(value["unmet"])]
        for slug, value in ordered
        if value["asked"] > 0
    ]
    return table


def median_from_histogram(histogram: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many}; None when empty."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    ordered = sorted(histogram.items())

    def nth(rank: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen >= rank:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2 + 1))
    return (nth(total // 2) + nth(total // 2 + 1)) / 2


def protected_median(histogram: Mapping[int, int]) -> Cell:
    if sum(histogram.values()) < threshold():
        return SUPPRESSED
    return Cell(value=median_from_histogram(histogram), suppressed=False)


def contact_table(
    counts: Mapping[tuple[str, str], int],
    histograms: Mapping[str, Mapping[int, int]],
    regions: Sequence[tuple[str, str]],
    *,
    slug: str = "contacts",
) -> Table:
    """Requests by region and status (protected with totals) and the median hours to first contact per region."""
    codes = [code for code, _n in regions]
    matrix = protect_matrix(counts, codes, list(STATUS_ORDER))
    table = Table(slug, str(_("Contact requests by status and median time to first contact")), [
        str(_("Region")), *(str(STATUS_LABELS[s]) for s in STATUS_ORDER), str(_("Total")),
        str(_("Median hours to first contact")),
    ])  # fmt: skip
    for code, name in regions:
        median = protected_median(histograms.get(code, {}))
        table.rows.append([name, *(matrix.cells[(code, s)] for s in STATUS_ORDER), matrix.row_totals[code], median])
    everyone: dict[int, int] = {}
    for code in codes:
        for hours, n in histograms.get(code, {}).items():
            everyone[hours] = everyone.get(hours, 0) + n
    table.footer = [
        str(_("Total")), *(matrix.column_totals[s] for s in STATUS_ORDER), matrix.total, protected_median(everyone),
    ]  # fmt: skip
    return table


def unmet_share(searches: Cell, unmet: Cell) -> str:
    """Share of searches that were unmet, only when both counts are published."""
    if searches.suppressed or unmet.suppressed or not searches.value:
        return ""
    return f"{number_format(100 * (unmet.value or 0) / searches.value, 1)} %"


def csv_rows(tables: Sequence[Table]) -> list[list]:
    """Long format, one line per published cell: table, row, column, value ("" when suppressed), suppressed flag."""
    lines: list[list] = []
    for table in tables:
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            for header, cell in zip(table.headers[1:], row[1:], strict=False):
                if isinstance(cell, Cell):
                    lines.append([table.slug, row[0], header, "" if cell.suppressed else cell.value,
                                  1 if cell.suppressed else 0])  # fmt: skip
                else:
                    lines.append([table.slug, row[0], header, cell, 0])
    return lines
