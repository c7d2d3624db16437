"""Durations, client codes and follow-up planning (pure)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funding.entry import add_months, duration_format, duration_parse, followups_due
from funding.models import CLIENT_CODE_RE

D = datetime.date


@pytest.mark.parametrize(
    ("raw", "minutes"), [("90", 90), ("1:30", 90), ("1h30", 90), ("2h", 120), ("", 0), (" 0:05 ", 5)]
)
def test_it_reads_minutes_and_hours(raw, minutes):
    assert duration_parse(raw) == minutes


@pytest.mark.parametrize("raw", ["1:75", "abc", "-5", "1.5", "25:00", "99999"])
def test_it_refuses_bad_durations(raw):
    with pytest.raises(ValueError):
        duration_parse(raw)


@given(st.text(max_size=12))
def test_it_never_crashes_on_any_typed_text(raw):
    try:
        assert 0 <= duration_parse(raw) <= 24 * 60
    except ValueError:
        pass


@given(st.integers(min_value=1, max_value=24 * 60))
def test_it_reads_back_what_it_writes(minutes):
    assert duration_parse(duration_format(minutes)) == minutes


@pytest.mark.parametrize("code", ["C-2026-0042", "JR-118", "S2026-7", "AB-12-3-4"])
def test_it_accepts_pseudonymous_codes(code):
    assert CLIENT_CODE_RE.fullmatch(code)


@pytest.mark.parametrize("code", ["MARIE", "Marie Tremblay", "TREMBLAY-12", "C-", "42", "C 2026 0042", "ANNE-2026"])
def test_it_refuses_anything_like_a_name(code):
    assert not CLIENT_CODE_RE.fullmatch(code)


def test_it_plans_follow_ups_at_one_three_six_and_twelve_months():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
    due = followups_due({("C-1", D(2025, 11, 4))}, set(), today=D(2026, 2, 4))  # week of Mon 2 – Sun 8 Feb
    assert [(f.milestone, f.due, f.overdue) for f in due] == [(1, D(2025, 12, 4), True), (3, D(2026, 2, 4), False)]
    done = followups_due({("C-1", D(2025, 11, 4))}, {("C-1", D(2025, 11, 4), 1)}, today=D(2026, 2, 4))
    assert [f.milestone for f in done] == [3]
