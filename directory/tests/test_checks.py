import math

import pytest

from directory import checks


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("g5l1a1", "G5L 1A1"), (" H2X 1Y4 ", "H2X 1Y4"), ("J0E1B0", "J0E 1B0"), ("K1A 0B1", None), ("G5L 1D1", None),
     ("GGG 111", None), ("", None), ("G5L-1A1", None)],
)  # fmt: skip
def test_it_normalises_quebec_postal_codes(raw, expected):
    assert checks.postal_code_normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("(418) 555-0123", "+14185550123"), ("418.555.0123", "+14185550123"), ("1 819 555 0100", "+18195550100"),
     ("+1 514 555 0199", "+15145550199"), ("555-0123", None), ("+33 1 23 45 67 89", None), ("018 555 0123", None),
     ("418 055 0123", None), ("call us", None)],
)  # fmt: skip
def test_it_normalises_north_american_phone_numbers(raw, expected):
    assert checks.phone_normalise(raw) == expected


def test_it_computes_great_circle_distances():
    # Montréal city hall to Québec city hall: about 233 km.
    assert checks.haversine_km(45.5088, -73.5540, 46.8131, -71.2075) == pytest.approx(233, abs=3)
    assert checks.haversine_km(46.0, -72.0, 46.0, -72.0) == 0


def test_it_knows_quebec_bounding_box():
    assert checks.is_in_quebec_bbox(46.8, -71.2)
    assert not checks.is_in_quebec_bbox(43.65, -79.38)  # Toronto
    assert not checks.is_in_quebec_bbox(math.nan, -71.2)


def test_it_checks_urls_and_emails():
    assert checks.is_valid_url("https://example.org/a")
    assert not checks.is_valid_url("javascript:alert(1)")
    assert checks.is_valid_email("info@example.org")
    assert not checks.is_valid_email("info@")


def test_it_shortens_long_values():
    assert checks.shorten("x" * 10_000, 20) == "x" * 19 + "…"
