"""Disclosure control as pure logic: the grid, suppression (primary, complementary), keyed rounding, dominance."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from insights.disclosure import (
    Publisher,
    closed_periods,
    default_period,
    dominance_ok,
    period_parse,
    protect,
    protect_matrix,
    rounded,
)

counts = st.dictionaries(
    st.tuples(st.sampled_from("abcd"), st.sampled_from("wxyz")), st.integers(min_value=0, max_value=40), max_size=16
)


def test_it_suppresses_small_counts_but_publishes_zero():
    assert protect(0).value == 0
    assert protect(9, minimum=10).suppressed
    assert protect(10, minimum=10).value == 10


@given(counts)
def test_it_never_leaves_a_lone_suppressed_cell_in_a_line(values):
    m = protect_matrix(values, list("abcd"), list("wxyz"), minimum=10)
    for key, cell in m.cells.items():
        raw = values.get(key, 0)
        assert cell.suppressed or raw == 0 or raw >= 10
        assert cell.suppressed or cell.value == raw
    for lines, totals in (
        ([[(r, c) for c in "wxyz"] for r in "abcd"], [m.row_totals[r] for r in "abcd"]),
        ([[(r, c) for r in "abcd"] for c in "wxyz"], [m.column_totals[c] for c in "wxyz"]),
    ):
        for line, total in zip(lines, totals, strict=True):
            hidden = [k for k in line if m.cells[k].suppressed]
            # A published total with exactly one hidden cell would give it back by subtraction.
            assert len(hidden) != 1 or total.suppressed
        hidden_totals = [t for t in totals if t.suppressed]
        assert len(hidden_totals) != 1 or m.total.suppressed
    for total in [*m.row_totals.values(), *m.column_totals.values(), m.total]:
        assert total.suppressed or total.value == 0 or total.value >= 10


def test_it_suppresses_a_complementary_cell():
    m = protect_matrix({("a", "x"): 3, ("a", "y"): 50, ("a", "z"): 20}, ["a"], ["x", "y", "z"], minimum=10)
    assert m.cells[("a", "x")].suppressed and m.cells[("a", "z")].suppressed
    assert m.cells[("a", "y")].value == 50
    assert m.row_totals["a"].value == 73


SECRET = b"test-secret"


@given(st.integers(min_value=0, max_value=10_000), st.text(max_size=20))
def test_it_rounds_to_a_neighbouring_multiple_of_five_the_same_way_every_time(value, cell):
    published = rounded(value, cell, SECRET)
    assert published % 5 == 0 and abs(published - value) < 5
    assert rounded(value, cell, SECRET) == published
    if value % 5 == 0:
        assert published == value


def test_it_rounds_without_bias_and_differently_under_another_secret():
    ups = sum(rounded(12, f"cell-{n}", SECRET) == 15 for n in range(4000))
    assert 0.33 < ups / 4000 < 0.47  # 12 goes up with probability 2/5
    draws = [rounded(12, f"cell-{n}", SECRET) for n in range(200)]
    assert draws != [rounded(12, f"cell-{n}", b"other") for n in range(200)]


def test_it_publishes_the_same_cell_with_the_same_value_in_every_table():
    publisher = Publisher(minimum=10, secret=SECRET)
    counts = {("a", "x"): 23, ("a", "y"): 41, ("b", "x"): 17, ("b", "y"): 36}
    m1 = publisher.matrix(counts, ["a", "b"], ["x", "y"], key=lambda r, c: f"{r}|{c}")
    m2 = publisher.matrix(counts, ["a", "b"], ["x", "y"], key=lambda r, c: f"{r}|{c}")
    assert m1 == m2
    assert m1.cells[("a", "x")] == publisher.count(23, "a|x")
    assert all(c.value % 5 == 0 for c in [*m1.cells.values(), *m1.row_totals.values(), m1.total])


def test_it_offers_only_closed_periods_of_the_grid():
    today = dt.date(2026, 12, 6)
    codes = {p.code for p in closed_periods(today)}
    assert {"2025", "2026-Q3", "2026-11"} <= codes
    assert not {"2026", "2026-Q4", "2026-12"} & codes
    assert default_period(today).code == "2026-Q3"
    for bad in ("2026-13", "2026-Q5", "9999", "2026-1", "", None, "2026-11-01", "20x6"):
        assert period_parse(bad) is None
    assert period_parse("2024-02").end == dt.date(2024, 2, 29)


def test_it_applies_the_dominance_rule():
    assert not dominance_ok([50, 50])  # two centres
    assert not dominance_ok([71, 15, 14])  # one centre over 70 %
    assert dominance_ok([70, 15, 15])
    assert dominance_ok([Decimal("10.5"), 10, 10, 0])
    assert not dominance_ok([100, 0, 0, 0])
