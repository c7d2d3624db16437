"""Report tables: the figures of reports.py laid out as rows of typed cells, shared by HTML, CSV, XLSX and charts.

Aggregate (network and region) tables show a cell only when the dominance rule of insights/disclosure.py holds for
every sum it is built from: at least 3 centres contribute and none makes up more than 70 % (else SUPPRESSED).
Pure: labels come in as arguments, nothing reads the database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from insights.disclosure import DOMINANCE_MIN_CENTRES

from .reports import Aggregate, Figures, money


class Suppressed:
    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED = Suppressed()


@dataclass(frozen=True)
class Cell:
    kind: str  # text | hours | money | percent | count
    value: object  # str, Decimal, int, None (not applicable) or SUPPRESSED

    @property
    def suppressed(self) -> bool:
        return self.value is SUPPRESSED


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = ""  # "bars": one bar per row from column 1; "pairs": two bars per row from columns 3 and 4


def hours(minutes: int | Decimal | None) -> Decimal | None:
    if minutes is None:
        return None
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def text(value: str) -> Cell:
    return Cell("text", value)


class Gate:
    """Decides whether an aggregate cell may be shown (always, for one centre's own report): every sum the value is
    built from (``keys``) must pass the dominance rule."""

    def __init__(self, aggregate: Aggregate | None):
        self.aggregate = aggregate

    def cell(self, kind: str, value: object, *keys: str) -> Cell:
        if self.aggregate is not None and not all(self.aggregate.shown(k) for k in keys):
            return Cell(kind, SUPPRESSED)
        return Cell(kind, value)


def category_table(fig: Figures, labels: dict[str, str], gate: Gate) -> Table:
    table = Table("categories", _("Hours by category"), [_("Category"), _("Hours"), _("Share of all hours")])
    table.chart = "bars"
    total = fig.total_minutes
    for key, label in labels.items():
        minutes = fig.minutes_by_key.get(key, 0)
        share = Decimal(minutes) / total if total else None
        table.rows.append(
            [
                text(label),
                gate.cell("hours", hours(minutes), f"minutes:{key}"),
                gate.cell("percent", share, f"minutes:{key}", "total"),
            ]
        )
    table.rows.append(
        [
            text(_("Recognised by the funding framework")),
            gate.cell("hours", hours(fig.recognised_minutes), "recognised"),
            gate.cell("percent", fig.recognised_share, "recognised", "total"),
        ]
    )
    table.rows.append([text(_("All hours")), gate.cell("hours", hours(total), "total"), Cell("percent", None)])
    return table


def funding_table(fig: Figures, gate: Gate) -> Table:
    table = Table("funding", _("Funding beside the real cost"), [_("Measure"), _("Value")])
    both = ("funded", "real_cost")
    participants = fig.participants.quantize(Decimal("0.1"))
    rows = [
        (_("Funded amount (participants × recognised hours × rate)"), "money", money(fig.funded_amount), ("funded",)),
        (_("Real cost of all the hours (all hours × real hourly cost)"), "money", money(fig.real_cost), ("real_cost",)),
        (_("Gap in dollars (real cost − funded amount)"), "money", money(fig.gap_amount), both),
        (_("Funded hours"), "hours", hours(fig.funded_minutes), ("funded_minutes",)),
        (_("All hours worked"), "hours", hours(fig.total_minutes), ("total",)),
        (_("Gap in hours (hours worked − funded hours)"), "hours", hours(fig.gap_minutes), ("funded_minutes", "total")),
        (_("Participants funded (average over the period)"), "count", participants, ("participants",)),
        (_("Funded amount per participant"), "money", money(fig.funded_per_participant), ("funded", "participants")),
        (_("Real cost per participant"), "money", money(fig.real_cost_per_participant), ("real_cost", "participants")),
        (_("Hours without funding parameters (not priced)"), "hours", hours(fig.unpriced_minutes), ("unpriced",)),
    ]
    for label, kind, value, keys in rows:
        table.rows.append([text(label), gate.cell(kind, value, *keys)])
    return table


def month_table(fig: Figures, gate: Gate) -> Table:
    table = Table(
        "months",
        _("Trends by month"),
        [_("Month"), _("Hours"), _("Recognised hours"), _("Funded amount"), _("Real cost")],
    )
    table.chart = "pairs"
    for month in sorted(fig.months):
        mf = fig.months[month]
        key = f"month:{month:%Y-%m}"
        table.rows.append(
            [
                text(f"{month:%Y-%m}"),
                gate.cell("hours", hours(mf.minutes), f"{key}:minutes"),
                gate.cell("hours", hours(mf.recognised_minutes), f"{key}:recognised"),
                gate.cell("money", money(mf.funded_amount), f"{key}:funded"),
                gate.cell("money", money(mf.real_cost), f"{key}:real_cost"),
            ]
        )
    return table


def region_table(regions: list[tuple[str, Aggregate]]) -> Table:
    table = Table(
        "regions",
        _("By region"),
        [_("Region"), _("Centres"), _("Hours"), _("Recognised share"), _("Funded amount"), _("Real cost"), _("Gap")],
    )
    for label, agg in regions:
        gate = Gate(agg)
        fig = agg.figures
        centres = agg.centres if agg.centres >= DOMINANCE_MIN_CENTRES else SUPPRESSED
        table.rows.append(
            [
                text(label),
                Cell("count", centres),
                gate.cell("hours", hours(fig.total_minutes), "total"),
                gate.cell("percent", fig.recognised_share, "recognised", "total"),
                gate.cell("money", money(fig.funded_amount), "funded"),
                gate.cell("money", money(fig.real_cost), "real_cost"),
                gate.cell("money", money(fig.gap_amount), "funded", "real_cost"),
            ]
        )
    return table


def report_tables(fig: Figures, labels: dict[str, str], aggregate: Aggregate | None = None) -> list[Table]:
    gate = Gate(aggregate)
    return [category_table(fig, labels, gate), funding_table(fig, gate), month_table(fig, gate)]


def cell_plain(cell: Cell) -> object:
    """The value written to CSV/XLSX: numbers stay numbers, a suppressed cell says why."""
    if cell.suppressed:
        return _("suppressed (fewer than 3 centres, or one centre over 70 %)")
    if cell.value is None:
        return ""
    if cell.kind == "percent":
        return (Decimal(cell.value) * 100).quantize(Decimal("0.1"))
    if isinstance(cell.value, datetime.date):
        return cell.value.isoformat()
    if cell.kind == "text":
        return str(cell.value)  # lazy translations become plain text for CSV and XLSX
    return cell.value
