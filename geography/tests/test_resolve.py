"""resolve_place / resolve_coordinates / suggest_places against the bundled geography."""

import csv
import gzip
import random

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from geography.points import haversine_km
from geography.resolve import Resolution, resolve_coordinates, resolve_place, suggest_places

pytestmark = pytest.mark.usefixtures("geography_data")

ERROR_CODES = {
    "empty",
    "too_long",
    "malformed_postal_code",
    "outside_quebec",
    "not_a_place",
    "rural_fsa_needs_detail",
    "unknown_postal_code",
    "unknown_place",
    "invalid_coordinates",
}
PRECISIONS = {"postal_code", "fsa", "municipality", "coordinates"}


def assert_well_formed(resolution: Resolution) -> None:
    if resolution.origin is None:
        assert resolution.error in ERROR_CODES
        assert resolution.message
    else:
        assert resolution.error is None
        assert resolution.message == ""
        assert resolution.origin.precision in PRECISIONS
        assert resolution.origin.region_code in {f"{n:02d}" for n in range(1, 18)}


# Postal codes and FSAs


@pytest.mark.parametrize("text", ["h2x1y4", "H2X 1Y4", " h2x-1y4 "])
def test_it_resolves_a_full_postal_code_however_typed(db, text):
    origin = resolve_place(text).origin
    assert origin.label == "H2X 1Y4 (Montréal)"
    assert origin.precision == "postal_code"
    assert origin.region_code == "06"
    assert haversine_km(origin.latitude, origin.longitude, 45.51, -73.57) < 3


def test_it_resolves_an_urban_fsa_to_its_centre(db):
    origin = resolve_place("g7h").origin
    assert origin.label == "G7H (Chicoutimi)"
    assert origin.precision == "fsa"
    assert origin.region_code == "02"


def test_it_resolves_every_real_fsa(db, fsa_rows):
    real = [row for row in fsa_rows if row["fsa"] != "H0H"]
    assert len(real) == 421
    for row in real:
        resolution = resolve_place(row["fsa"].lower())
        if row["type"] == "urban":
            assert resolution.origin is not None, row["fsa"]
            assert resolution.origin.precision == "fsa"
            assert resolution.origin.region_code == row["region_code"], row["fsa"]
            assert resolution.origin.label.startswith(row["fsa"])
        else:
            assert resolution.origin is None, row["fsa"]
            assert resolution.error == "rural_fsa_needs_detail"
            assert row["fsa"] in resolution.message
            assert resolution.suggestions, row["fsa"]


def test_it_resolves_a_sample_of_full_postal_codes_to_a_point_in_their_fsa_region(db, fsa_rows):
    fsa = {row["fsa"]: row for row in fsa_rows}
    with gzip.open(settings.POSTAL_CODES_FILE, "rt", encoding="utf-8") as handle:
        codes = [
            row for row in csv.DictReader(handle) if row["postal_code"][:3] in fsa and row["postal_code"][:3] != "H0H"
        ]
    sample = random.Random(2026).sample(codes, 500)
    agreeing_polygons = 0
    for row in sample:
        origin = resolve_place(row["postal_code"]).origin
        expected = fsa[row["postal_code"][:3]]
        assert origin is not None, row["postal_code"]
        assert origin.region_code == expected["region_code"], row["postal_code"]
        if expected["type"] == "urban":
            assert (
                haversine_km(
                    origin.latitude, origin.longitude, float(expected["latitude"]), float(expected["longitude"])
                )
                < 100
            )
        # Independent check: the point lies in (or on the coast of) that region's own boundary polygon.
        located = resolve_coordinates(origin.latitude, origin.longitude).origin
        agreeing_polygons += bool(located and located.region_code == expected["region_code"])
    assert agreeing_polygons >= 0.97 * len(sample)


def test_it_falls_back_to_the_fsa_for_an_unknown_urban_code(db):
    resolution = resolve_place("H2X 9Z9")
    assert resolution.error is None
    assert resolution.origin.precision == "fsa"
    assert resolution.origin.label == "H2X (Montréal)"


def test_it_asks_for_a_municipality_for_an_unknown_rural_code(db):
    resolution = resolve_place("G0A 9Z9")
    assert resolution.origin is None
    assert resolution.error == "unknown_postal_code"
    assert resolution.suggestions


def test_it_reports_an_fsa_that_does_not_exist(db):
    resolution = resolve_place("H0Z")
    assert resolution.error == "unknown_postal_code"


def test_it_asks_for_detail_for_a_rural_fsa_and_offers_its_main_municipalities(db):
    resolution = resolve_place("G0A")
    assert resolution.origin is None
    assert resolution.error == "rural_fsa_needs_detail"
    assert "G0A" in resolution.message
    assert "Boischatel" in resolution.suggestions


def test_it_resolves_a_full_code_of_a_rural_fsa(db):
    resolution = resolve_place("G0A 1A0")
    assert resolution.origin.precision == "postal_code"
    assert resolution.origin.region_code == "03"


def test_it_resolves_codes_of_the_fsa_missing_from_the_fsa_file(db):
    assert resolve_place("J5N").origin.region_code == "15"


# Errors


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 101, "too_long"),
        ("Montréal " * 2000, "too_long"),
        ("H2X 1Y", "malformed_postal_code"),
        ("D2X 1Y4", "malformed_postal_code"),
        ("W2X 1Y4", "malformed_postal_code"),
        ("H2X 1Y45", "malformed_postal_code"),
        ("M5V 2T6", "outside_quebec"),
        ("K1A 0B1", "outside_quebec"),
        ("m5v", "outside_quebec"),
        ("H0H 0H0", "not_a_place"),
        ("h0h", "not_a_place"),
        ("G0G", "rural_fsa_needs_detail"),
        ("G0A 9Z9", "unknown_postal_code"),
        ("Atlantis", "unknown_place"),
        ("<script>alert(1)</script>", "unknown_place"),
        ("'; DROP TABLE geography_region; --", "unknown_place"),
    ],
)
def test_it_answers_bad_input_with_an_error_code_and_a_message(db, text, error):
    resolution = resolve_place(text)
    assert resolution.origin is None
    assert resolution.error == error
    assert resolution.message
    assert "<" not in resolution.message


def test_it_translates_its_messages(db):
    with translation.override("fr"):
        french = resolve_place("M5V 2T6").message
    with translation.override("en"):
        english = resolve_place("M5V 2T6").message
    assert "M5V 2T6" in french and "M5V 2T6" in english
    assert french != english


# Names


@pytest.mark.parametrize(
    ("text", "label", "region"),
    [
        ("chicoutimi", "Chicoutimi (Saguenay)", "02"),
        ("Chicoutimi", "Chicoutimi (Saguenay)", "02"),
        ("TROIS RIVIERES", "Trois-Rivières", "04"),
        ("trois-rivières", "Trois-Rivières", "04"),
        ("Saint-Jérôme", "Saint-Jérôme", "15"),
        ("st-jerome", "Saint-Jérôme", "15"),
        ("ST JÉRÔME", "Saint-Jérôme", "15"),
        ("Montreal", "Montréal", "06"),
        ("montréal", "Montréal", "06"),
        ("Montréal, QC", "Montréal", "06"),
        ("Québec", "Québec", "03"),
        ("jonquiere", "Jonquière (Saguenay)", "02"),
        ("Gatineau", "Gatineau", "07"),
        ("Îles-de-la-Madeleine", "Les Îles-de-la-Madeleine", "11"),
    ],
)
def test_it_resolves_place_names_ignoring_accents_case_and_hyphens(db, text, label, region):
    resolution = resolve_place(text)
    assert resolution.origin.label == label
    assert resolution.origin.region_code == region
    assert resolution.origin.precision == "municipality"


def test_it_asks_which_of_two_homonyms_with_their_regions(db):
    resolution = resolve_place("Saint-Lambert")
    assert resolution.error == "ambiguous_place"
    assert set(resolution.suggestions) == {"Saint-Lambert (Montérégie)", "Saint-Lambert (Abitibi-Témiscamingue)"}
    origin = resolve_place("Saint-Lambert (Montérégie)").origin
    assert origin.label == "Saint-Lambert"
    assert origin.region_code == "16"
    assert resolve_place("saint lambert (abitibi-temiscamingue)").origin.region_code == "08"


def test_it_suggests_close_spellings_for_an_unknown_place(db):
    resolution = resolve_place("chicoutimy")
    assert resolution.error == "unknown_place"
    assert resolution.suggestions[0] == "Chicoutimi"


def test_it_suggests_places_by_prefix_biggest_first(db):
    assert suggest_places("mont")[0] == "Montréal"
    assert suggest_places("chic")[0] == "Chicoutimi"
    assert "Saint-Jérôme" in suggest_places("st-jé")
    assert "Saint-Jérôme" in suggest_places("jérôme")
    assert len(suggest_places("saint", limit=3)) == 3
    assert suggest_places("") == []
    assert suggest_places("zzzz") == []


# Browser position


def test_it_resolves_coordinates_to_the_region_containing_them(db):
    origin = resolve_coordinates(48.4284, -71.0683).origin
    assert origin.precision == "coordinates"
    assert origin.region_code == "02"
    assert "Saguenay" in origin.label


def test_it_accepts_a_shore_point_just_outside_the_simplified_coastline(db):
    origin = resolve_coordinates(46.8207, -71.1746).origin  # Lévis, on the river bank
    assert origin is not None


@pytest.mark.parametrize(("lat", "lon"), [(43.65, -79.38), (48.86, 2.35), (44.0, -66.0), (45.0, -85.0)])
def test_it_refuses_coordinates_outside_quebec(db, lat, lon):
    assert resolve_coordinates(lat, lon).error == "outside_quebec"


@pytest.mark.parametrize(("lat", "lon"), [(float("nan"), -73.0), (91.0, -73.0), (46.0, float("inf")), ("x", 1)])
def test_it_refuses_unreadable_coordinates(db, lat, lon):
    assert resolve_coordinates(lat, lon).error == "invalid_coordinates"


# Properties


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_it_never_raises_on_any_text(db, text):
    assert_well_formed(resolve_place(text))
    suggest_places(text)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_it_never_raises_on_any_coordinates(db, lat, lon):
    assert_well_formed(resolve_coordinates(lat, lon))


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(44.9, 62.7), st.floats(-79.9, -57.0))
def test_it_resolves_points_in_the_quebec_box_to_a_region_or_outside(db, lat, lon):
    resolution = resolve_coordinates(lat, lon)
    assert_well_formed(resolution)
    assert resolution.error in {None, "outside_quebec"}


# Cost: a resolution is a handful of indexed queries


@pytest.mark.parametrize(
    ("text", "queries"),
    [("H2X 1Y4", 1), ("H2X", 2), ("Trois-Rivières", 1), ("chicoutimi", 2), ("G0A", 3), ("M5V 2T6", 0), ("", 0)],
)
def test_it_resolves_in_a_few_queries(db, django_assert_max_num_queries, text, queries):
    with django_assert_max_num_queries(queries):
        resolve_place(text)


def test_it_resolves_coordinates_in_a_few_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        resolve_coordinates(45.5017, -73.5673)


@pytest.mark.parametrize("text", ["Quebec City", "Ville de Québec", "Québec, QC"])
def test_it_understands_common_ways_of_writing_a_city(db, text):
    assert resolve_place(text).origin.label == "Québec"


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120), st.one_of(st.integers(-5, 100), st.text(max_size=3), st.none()))
def test_it_never_raises_while_suggesting(db, prefix, limit):
    names = suggest_places(prefix, limit)
    assert isinstance(names, list)
    assert len(names) <= 50


@pytest.mark.parametrize(
    ("text", "label"),
    [("1234 rue Saint-Denis, Montréal (Québec) H2X 1Y4", "H2X 1Y4 (Montréal)"), ("Chicoutimi G7H 5B1", None)],
)
def test_it_finds_the_postal_code_in_a_pasted_address(db, text, label):
    origin = resolve_place(text).origin
    assert origin.precision == "postal_code"
    assert label is None or origin.label == label


def test_it_refuses_a_pasted_address_outside_quebec(db):
    assert resolve_place("100 Queen St W, Toronto ON M5H 2N2").error == "outside_quebec"


def test_it_suggests_in_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert suggest_places("saint-j")
