"""Postal-code text rules: pure functions, no database."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geography.postcodes import (
    find_postal_code,
    format_postal_code,
    is_rural_fsa,
    looks_like_postal_code,
    normalize_postal_code,
)

VALID = re.compile(r"[ABCEGHJKLMNPRSTVXY][0-9][ABCEGHJKLMNPRSTVWXYZ]([0-9][ABCEGHJKLMNPRSTVWXYZ][0-9])?")
FIRST = "ABCEGHJKLMNPRSTVXY"
OTHER = "ABCEGHJKLMNPRSTVWXYZ"

valid_codes = st.builds(
    lambda a, b, c, d, e, f: a + b + c + d + e + f,
    st.sampled_from(FIRST),
    st.sampled_from("0123456789"),
    st.sampled_from(OTHER),
    st.sampled_from("0123456789"),
    st.sampled_from(OTHER),
    st.sampled_from("0123456789"),
)


@pytest.mark.parametrize("text", ["h2x1y4", "H2X 1Y4", " h2x-1y4 ", "H2X  1Y4", "h2X\t1y4"])
def test_it_normalizes_a_full_postal_code_in_any_case_and_spacing(text):
    assert normalize_postal_code(text) == "H2X1Y4"


def test_it_normalizes_an_fsa():
    assert normalize_postal_code(" h2x ") == "H2X"


@pytest.mark.parametrize(
    "text",
    [
        "H2X 1Y",
        "H2X 1Y45",
        "D2X 1Y4",
        "F2X",
        "I2X",
        "O2X",
        "Q2X",
        "U2X",
        "W2X 1Y4",
        "Z2X 1Y4",
        "H2D 1Y4",
        "H2X 1O4",
        "HHX 1Y4",
        "",
        "Montréal",
        "Ｈ２Ｘ１Ｙ４",
        "H2X1Y4H2X1Y4",
    ],
)
def test_it_refuses_what_is_not_a_postal_code(text):
    assert normalize_postal_code(text) is None


@pytest.mark.parametrize("text", ["H2X 1Y", "D2X 1Y4", "H2X1Y45", "W2X 1Y4", "H2"])
def test_it_recognises_a_mistyped_postal_code(text):
    assert looks_like_postal_code(text)


@pytest.mark.parametrize("text", ["Montréal", "Saint-Jérôme", "Chicoutimi", "Trois-Rivières", "99"])
def test_it_does_not_take_a_place_name_for_a_postal_code(text):
    assert not looks_like_postal_code(text)


def test_it_knows_rural_fsas_by_their_second_character():
    assert is_rural_fsa("G0A")
    assert not is_rural_fsa("G7H")


def test_it_formats_with_a_space():
    assert format_postal_code("H2X1Y4") == "H2X 1Y4"
    assert format_postal_code("H2X") == "H2X"


@given(st.text(max_size=40))
def test_it_never_raises_and_returns_a_valid_code_or_none(text):
    code = normalize_postal_code(text)
    assert code is None or VALID.fullmatch(code)
    looks_like_postal_code(text)


@given(st.text(max_size=40))
def test_it_normalizes_idempotently(text):
    code = normalize_postal_code(text)
    if code is not None:
        assert normalize_postal_code(code) == code
        assert normalize_postal_code(format_postal_code(code)) == code


@given(valid_codes, st.sampled_from(["", " ", "-", "  "]), st.booleans(), st.text(" \t", max_size=3))
def test_it_accepts_every_valid_code_however_typed(code, separator, lower, padding):
    typed = code[:3] + separator + code[3:]
    typed = typed.lower() if lower else typed
    assert normalize_postal_code(padding + typed + padding) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1234 rue Saint-Denis, Montréal (Québec) H2X 1Y4", "H2X1Y4"),
        ("Chicoutimi g7h-5b1", "G7H5B1"),
        ("H2X 1Y4 then H3B 2Y5", "H3B2Y5"),
        ("ABH2X1Y4", None),
        ("H2X 1Y", None),
        ("D2X 1Y4 Montréal", None),
    ],
)
def test_it_finds_a_postal_code_inside_an_address(text, code):
    assert find_postal_code(text) == code


@given(st.text(max_size=60))
def test_it_finds_only_valid_codes(text):
    code = find_postal_code(text)
    assert code is None or (len(code) == 6 and VALID.fullmatch(code))
