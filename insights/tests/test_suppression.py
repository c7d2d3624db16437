"""Small-number protection as pure logic: primary and complementary suppression, totals that reveal nothing."""

from hypothesis import given
from hypothesis import strategies as st

from insights.suppression import protect, protect_matrix
from insights.tables import median_from_histogram

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


def test_it_computes_a_median_from_a_histogram():
    assert median_from_histogram({}) is None
    assert median_from_histogram({1: 1, 5: 1, 9: 1}) == 5
    assert median_from_histogram({2: 2, 4: 2}) == 3
