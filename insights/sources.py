"""The dashboard's "where visits come from": landings by source and month, and the sites, search engines, campaign
tags and partners' embedded finders behind them, every figure through the disclosure ``Publisher``.

A site, search engine, tag or partner is named only when one of its counts for the period reaches the publication
threshold; the others are added up in one "each too few to show" line (itself suppressed when small), so a small
site is never named, as a small cell is never shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext_lazy as _

from .disclosure import GridPeriod, Publisher
from .tables import Table, cell_key, month_label
from .visits import SOURCES

SOURCE_LABELS = {
    "direct": _("Direct (typed address, bookmark, QR code without a tag)"),
    "search_engine": _("Search engines"),
    "site": _("Other websites"),
    "embed": _("Partners' embedded finder"),
    "poster": _("Posters"),
    "card": _("Cards"),
    "share": _("Shared links"),
}


def _keyed_table(publisher: Publisher, slug: str, title, headers: Sequence, columns: Sequence[str],
                 counts: Mapping[str, Mapping[str, int]], period: GridPeriod, *, empty_label) -> Table:  # fmt: skip
    """One row per key (largest first) with one cell per column (a source); small keys merged into one last row."""
    table = Table(slug, str(title), [str(header) for header in headers])
    named, others = [], defaultdict(int)
    for key, values in counts.items():
        if key and any(values.get(column, 0) >= publisher.minimum for column in columns):
            cells = [publisher.count(values.get(column, 0), cell_key(f"visit:{column}:{key}", None, period))
                     for column in columns]  # fmt: skip
            named.append([key, *cells])
        else:
            for column in columns:
                others[column] += values.get(column, 0)
    named.sort(key=lambda row: (-max((cell.value or 0) for cell in row[1:]), row[0]))
    table.rows = named
    if any(others.values()):
        table.rows.append([str(empty_label), *(
            publisher.count(others[column], cell_key(f"visit:{column}:~others", None, period)) for column in columns
        )])  # fmt: skip
    return table


def visibility_tables(publisher: Publisher, counts: Mapping[tuple[str, str, dt.date], int],
                      period: GridPeriod) -> list[Table]:  # fmt: skip
    """(landings by source × month with totals, search engines, websites, campaign tags, partners' embeds)."""
    months = period.months
    by_month: dict[tuple[str, dt.date], int] = defaultdict(int)
    by_key: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for (source, key, month), count in counts.items():
        if source in SOURCES:
            by_month[(source, month)] += count
        group = {"search_engine": "engines", "site": "sites", "poster": "campaigns", "card": "campaigns",
                 "embed": "embeds", "embed_shown": "embeds", "embed_search": "embeds"}.get(source)  # fmt: skip
        if group:
            by_key[group][key][source] += count
    matrix = publisher.matrix(
        by_month, list(SOURCES), months, key=lambda r, c: cell_key(f"visits:{r or 'all'}", None, c or period)
    )
    visits = Table("visits", str(_("Visits by where they came from and month")),
                   [str(_("Came from")), *(month_label(m) for m in months), str(_("Total"))])  # fmt: skip
    for source in SOURCES:
        visits.rows.append([str(SOURCE_LABELS[source]), *(matrix.cells[(source, m)] for m in months),
                            matrix.row_totals[source]])  # fmt: skip
    visits.footer = [str(_("Total")), *(matrix.column_totals[m] for m in months), matrix.total]
    return [
        visits,
        _keyed_table(publisher, "visits-engines", _("Visits from search engines"),
                     [_("Search engine"), _("Visits")], ["search_engine"], by_key["engines"], period,
                     empty_label=_("Other search engines, each too few to show"),),
        _keyed_table(publisher, "visits-sites", _("Visits from other websites"), [_("Website"), _("Visits")],
                     ["site"], by_key["sites"], period,
                     empty_label=_("Other websites, each too few to show or not named")),
        _keyed_table(publisher, "visits-campaigns", _("Visits from posters and cards, by campaign tag"),
                     [_("Campaign tag"), _("Posters"), _("Cards")], ["poster", "card"], by_key["campaigns"], period,
                     empty_label=_("Other tags, each too few to show, and no tag")),
        _keyed_table(publisher, "visits-embeds", _("The embedded finder on partners' websites"),
                     [_("Partner website"), _("Shown"), _("Searches"), _("Visits to the site")],
                     ["embed_shown", "embed_search", "embed"], by_key["embeds"], period,
                     empty_label=_("Other websites, each too few to show or not named")),
    ]  # fmt: skip
