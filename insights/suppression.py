"""Small-number protection: a published cell built from fewer than the threshold's events is suppressed.

Two rules, applied to every table the dashboard, the centre view and the exports publish:

1. Primary suppression: a count with 0 < count < INSIGHTS_MIN_CELL is not published (zero is: it reveals nobody).
2. Complementary suppression, for tables published with totals (region × month, region × status): a total minus the
   published cells of its line would give back a lone suppressed cell. So every row and every column must hold either
   no suppressed cell or at least two; when a line holds exactly one, the smallest other non-zero cell of that line is
   suppressed as well, and the process repeats until stable (the set only grows, so it ends). When a line has no
   other non-zero cell to give, its total is suppressed instead; the row totals and column totals are then treated
   as one more line each against the grand total, with the same rule.

We chose complementary suppression rather than dropping totals because the totals (searches per region, per month)
are the figures the ministry brief needs most. Lists without totals (clientèles, FSAs) only need rule 1. Comparing two
different periods can still narrow a value down; periods are whole months, which limits that.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import localize


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
