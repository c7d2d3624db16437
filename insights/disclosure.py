"""Disclosure control: the one place every published figure goes through (insights/README.md explains the design).

Counts (dashboard, centre figures, public evidence page, CSV exports, charts, map):
1. A fixed grid: region × closed calendar month, quarter or year (``GridPeriod``); no free date windows, and the
   current period is never shown (it would change between two downloads).
2. Primary suppression: a count with 0 < count < INSIGHTS_MIN_CELL is not published (zero is: it reveals nobody).
3. Complementary suppression, for tables published with totals (region × month, region × status): every row and
   every column holds either no suppressed cell or at least two; when a line holds exactly one, the smallest other
   non-zero cell of that line is suppressed as well, until stable. When a line has no other non-zero cell to give,
   its total is suppressed instead; row and column totals are then one more line each against the grand total.
4. Random rounding to base 5 of every published count, totals rounded independently: a count that is not a multiple
   of five goes up to the next multiple with probability (remainder / 5), else down. The draw is deterministic per
   cell (an HMAC of the cell's grid coordinates and value under a secret kept in the database, ``DisclosureKey``),
   so the same cell has the same published value in every table, view and download: repeating a download or
   averaging views teaches nothing. The secret is made once by a migration (``secrets.token_hex``), is in no
   setting, log or page, and survives SECRET_KEY rotation.

Magnitudes (funding reports): a cell or row is shown only when at least 3 centres contribute to it and no single
centre makes up more than 70 % of it (``dominance_ok``), shares and "not priced" lines included.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.formats import localize
from django.utils.translation import gettext as _

BASE = 5
DOMINANCE_MIN_CENTRES = 3
DOMINANCE_MAX_SHARE = Decimal("0.7")
GRID_YEARS = 3  # how far back the period menus go


def threshold() -> int:
    return int(getattr(settings, "INSIGHTS_MIN_CELL", 10))


@dataclass(frozen=True)
class Cell:
    value: int | float | None  # None when suppressed
    suppressed: bool

    def __str__(self) -> str:
        return "" if self.value is None else str(localize(self.value))


SUPPRESSED = Cell(value=None, suppressed=True)


def protect(count: int, *, minimum: int | None = None) -> Cell:
    """A count, or a suppressed cell when 0 < count < minimum (zero is published: it reveals nobody)."""
    limit = threshold() if minimum is None else minimum
    if 0 < count < limit:
        return SUPPRESSED
    return Cell(value=count, suppressed=False)


def protect_table(counts: Mapping, *, minimum: int | None = None) -> dict:
    return {key: protect(value, minimum=minimum) for key, value in counts.items()}


@dataclass(frozen=True)
class ProtectedMatrix:
    rows: list[Hashable]
    columns: list[Hashable]
    cells: dict[tuple[Hashable, Hashable], Cell]
    row_totals: dict[Hashable, Cell]
    column_totals: dict[Hashable, Cell]
    total: Cell


def _complete_lines(
    values: Mapping[tuple, int], hidden: set[tuple], lines: list[list[tuple]]
) -> tuple[bool, list[int]]:
    """Add complements so no line has exactly one hidden cell; returns (changed, indexes of lines left alone)."""
    changed, lonely = False, []
    for index, line in enumerate(lines):
        inside = [key for key in line if key in hidden]
        if len(inside) != 1:
            continue
        candidates = sorted((values[key], key) for key in line if key not in hidden and values[key] > 0)
        if candidates:
            hidden.add(candidates[0][1])
            changed = True
        else:
            lonely.append(index)
    return changed, lonely


def protect_matrix(
    counts: Mapping[tuple[Hashable, Hashable], int],
    rows: Sequence[Hashable],
    columns: Sequence[Hashable],
    *,
    minimum: int | None = None,
) -> ProtectedMatrix:
    """Primary then complementary suppression of a table with row, column and grand totals (see the module doc)."""
    limit = threshold() if minimum is None else minimum
    values = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    hidden = {key for key, value in values.items() if 0 < value < limit}
    row_lines = [[(r, c) for c in columns] for r in rows]
    column_lines = [[(r, c) for r in rows] for c in columns]
    hidden_row_totals: set[int] = set()
    hidden_column_totals: set[int] = set()
    while True:
        changed_rows, lonely_rows = _complete_lines(values, hidden, row_lines)
        changed_columns, lonely_columns = _complete_lines(values, hidden, column_lines)
        if not (changed_rows or changed_columns):
            hidden_row_totals.update(lonely_rows)
            hidden_column_totals.update(lonely_columns)
            break
    row_sums = {r: sum(values[(r, c)] for c in columns) for r in rows}
    column_sums = {c: sum(values[(r, c)] for r in rows) for c in columns}
    grand = sum(row_sums.values())
    # A total that is itself small is suppressed too (it is a cell built from few events).
    hidden_row_totals.update(i for i, r in enumerate(rows) if 0 < row_sums[r] < limit)
    hidden_column_totals.update(i for i, c in enumerate(columns) if 0 < column_sums[c] < limit)
    hide_grand = 0 < grand < limit
    for hidden_totals, sums, keys in (
        (hidden_row_totals, row_sums, list(rows)),
        (hidden_column_totals, column_sums, list(columns)),
    ):
        if len(hidden_totals) == 1:
            others = sorted((sums[k], i) for i, k in enumerate(keys) if i not in hidden_totals and sums[k] > 0)
            if others:
                hidden_totals.add(others[0][1])
            else:
                hide_grand = True

    def cell(value: int, is_hidden: bool) -> Cell:
        return SUPPRESSED if is_hidden else Cell(value=value, suppressed=False)

    return ProtectedMatrix(
        rows=list(rows),
        columns=list(columns),
        cells={key: cell(value, key in hidden) for key, value in values.items()},
        row_totals={r: cell(row_sums[r], i in hidden_row_totals) for i, r in enumerate(rows)},
        column_totals={c: cell(column_sums[c], i in hidden_column_totals) for i, c in enumerate(columns)},
        total=cell(grand, hide_grand),
    )


# --- The fixed grid ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridPeriod:
    """A calendar month, quarter or year: the only periods any figure is published for."""

    kind: str  # month | quarter | year
    start: dt.date
    end: dt.date  # last day

    @property
    def code(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    @property
    def months(self) -> list[dt.date]:
        months, current = [], self.start
        while current <= self.end:
            months.append(current)
            current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
        return months

    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return _("Quarter %(quarter)s %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1, "year": self.start.year,
            }  # fmt: skip
        return self.code


def _period(kind: str, year: int, first_month: int, months: int) -> GridPeriod:
    last_month = first_month + months - 1
    return GridPeriod(
        kind, dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    )


def period_parse(code: object) -> GridPeriod | None:
    """ "2026", "2026-Q3" or "2026-07" into a grid period; anything else (or a year out of range) is None."""
    if not isinstance(code, str) or not code[:4].isdigit() or not 2000 <= int(code[:4]) <= 2100:
        return None
    year, rest = int(code[:4]), code[4:]
    if rest == "":
        return _period("year", year, 1, 12)
    if len(rest) == 3 and rest[:2] == "-Q" and rest[2] in "1234":
        return _period("quarter", year, 3 * int(rest[2]) - 2, 3)
    if len(rest) == 3 and rest[0] == "-" and rest[1:].isdigit() and 1 <= int(rest[1:]) <= 12:
        return _period("month", year, int(rest[1:]), 1)
    return None


def is_closed(period: GridPeriod, today: dt.date) -> bool:
    """A period is published only once it has ended: its figures no longer change."""
    return period.end < today


def closed_periods(today: dt.date, *, years: int = GRID_YEARS) -> list[GridPeriod]:
    """The closed years, quarters and months of the last ``years`` years, newest first within each kind."""
    found: list[GridPeriod] = []
    for year in range(today.year, today.year - years - 1, -1):
        found.append(_period("year", year, 1, 12))
    for year in range(today.year, today.year - years - 1, -1):
        found.extend(_period("quarter", year, first, 3) for first in (10, 7, 4, 1))
    for year in range(today.year, today.year - years - 1, -1):
        found.extend(_period("month", year, month, 1) for month in range(12, 0, -1))
    return [p for p in found if is_closed(p, today)]


def default_period(today: dt.date) -> GridPeriod:
    """The last closed quarter."""
    return next(p for p in closed_periods(today) if p.kind == "quarter")


# --- Rounding ---------------------------------------------------------------------------------------------------


def rounding_secret() -> bytes:
    """The database's rounding secret (made by the migration; made here too if a database lacks it)."""
    from .models import DisclosureKey

    row = DisclosureKey.objects.filter(pk=1).first()
    if row is None:
        row, _created = DisclosureKey.objects.get_or_create(pk=1, defaults={"key": secrets.token_hex(32)})
    return row.key.encode()


def rounded(value: int, cell: str, secret: bytes) -> int:
    """Unbiased random rounding to base 5, the same draw every time for the same cell and value."""
    low, remainder = divmod(int(value), BASE)
    if remainder == 0:
        return int(value)
    digest = hmac.new(secret, f"{cell}|{int(value)}".encode(), hashlib.sha256).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    return BASE * (low + 1) if draw < remainder / BASE else BASE * low


class Publisher:
    """Turns true counts into published cells: suppression first, then keyed rounding of what is left.

    ``cell`` keys name a grid coordinate (measure, region or "*", month / quarter / year code): the same coordinate
    gets the same published value wherever it appears.
    """

    def __init__(self, *, minimum: int | None = None, secret: bytes | None = None):
        self.minimum = threshold() if minimum is None else minimum
        self.secret = rounding_secret() if secret is None else secret

    def _cell(self, value: int, key: str, hidden: bool) -> Cell:
        return SUPPRESSED if hidden else Cell(value=rounded(value, key, self.secret), suppressed=False)

    def count(self, value: int, key: str) -> Cell:
        return self._cell(value, key, 0 < value < self.minimum)

    def matrix(
        self,
        counts: Mapping[tuple[Hashable, Hashable], int],
        rows: Sequence[Hashable],
        columns: Sequence[Hashable],
        *,
        key: Callable[[Hashable, Hashable], str],
    ) -> ProtectedMatrix:
        """A table with row, column and grand totals: suppression pattern, then every published value rounded.

        ``key(row, column)`` names a cell; ``key(row, None)``, ``key(None, column)`` and ``key(None, None)`` its
        totals."""
        pattern = protect_matrix(counts, rows, columns, minimum=self.minimum)
        values = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}

        def publish(cell: Cell, true: int, name: str) -> Cell:
            return self._cell(true, name, cell.suppressed)

        return ProtectedMatrix(
            rows=list(rows),
            columns=list(columns),
            cells={(r, c): publish(pattern.cells[(r, c)], values[(r, c)], key(r, c)) for r in rows for c in columns},
            row_totals={
                r: publish(pattern.row_totals[r], sum(values[(r, c)] for c in columns), key(r, None)) for r in rows
            },
            column_totals={
                c: publish(pattern.column_totals[c], sum(values[(r, c)] for r in rows), key(None, c)) for c in columns
            },
            total=publish(pattern.total, sum(values.values()), key(None, None)),
        )


# --- Magnitudes: the dominance rule -----------------------------------------------------------------------------


def dominance_ok(contributions: Iterable[object]) -> bool:
    """At least 3 centres contribute (non-zero) and none makes up more than 70 % of the total."""
    values = [abs(Decimal(str(v))) for v in contributions if v]
    if len(values) < DOMINANCE_MIN_CENTRES:
        return False
    total = sum(values, Decimal(0))
    return total > 0 and max(values) <= DOMINANCE_MAX_SHARE * total
