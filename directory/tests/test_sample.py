"""The committed sample directory: generated, fictional, clearly labelled, covering Québec and its clientèles."""

import json
import re
from collections import Counter

import pytest

from directory.checks import haversine_km
from directory.sample import SAMPLE_PATH, municipalities_read, sample_directory_build
from directory.taxonomy import taxonomy_read


@pytest.fixture(scope="module")
def sample() -> dict:
    return json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))


def test_the_committed_file_is_what_the_generator_makes(sample):
    assert sample_directory_build() == sample, "run manage.py generate_sample_directory and commit the file"


def test_it_has_about_120_organisations_and_250_locations_in_all_17_regions(sample):
    orgs = sample["organizations"]
    locations = [loc for org in orgs for loc in org["locations"]]
    assert 100 <= len(orgs) <= 140
    assert 230 <= len(locations) <= 270
    per_region = Counter(loc["region"] for loc in locations)
    assert set(per_region) == {f"{n:02d}" for n in range(1, 18)}
    assert per_region["06"] > per_region["10"]  # weighted by population


def test_it_covers_every_clientele_of_the_taxonomy(sample):
    served = {c for org in sample["organizations"] for s in org["services"] for c in s["clienteles"]}
    assert served == {term["slug"] for term in taxonomy_read()["clienteles"]}


def test_every_organisation_says_it_is_fictional_in_both_languages(sample):
    for org in sample["organizations"]:
        assert org["is_sample"] is True
        assert "fictif" in org["description"]["fr"] and "Fictional" in org["description"]["en"]
        assert org["email"].endswith(".example.org")
        assert ".example.org/" in org["website"]


def test_every_text_has_french_and_english(sample):
    def texts(value):
        if isinstance(value, dict):
            if set(value) <= {"fr", "en"} and "fr" in value:
                yield value
            else:
                for child in value.values():
                    yield from texts(child)
        elif isinstance(value, list):
            for child in value:
                yield from texts(child)

    for org in sample["organizations"]:
        for text in texts(org):
            assert text["fr"] and text["en"], text


def test_phone_numbers_are_fictional_555_01xx(sample):
    numbers = [p["number"] for org in sample["organizations"] for p in org["phones"]]
    numbers += [p["number"] for org in sample["organizations"] for loc in org["locations"] for p in loc["phones"]]
    assert numbers and all(re.fullmatch(r"\+1(418|819|514|450)55501\d\d", n) for n in numbers)


def test_locations_are_within_2_km_of_a_real_municipality(sample):
    munis = {m.code: m for m in municipalities_read()}
    for org in sample["organizations"]:
        for loc in org["locations"]:
            muni = munis[loc["municipality"]]
            assert loc["region"] == muni.region_code
            assert haversine_km(loc["latitude"], loc["longitude"], muni.latitude, muni.longitude) <= 2.0


def test_verification_dates_spread_over_18_months_with_some_stale(sample):
    dates = sorted(s["assured_date"] for org in sample["organizations"] for s in org["services"])
    assert dates[0] >= "2025-05-01"
    assert sum(d < "2025-11-01" for d in dates) >= 5  # "not verified for over a year" has something to show


def test_languages_always_include_french_and_sometimes_others(sample):
    codes = Counter(
        lang["code"] for org in sample["organizations"] for loc in org["locations"] for lang in loc["languages"]
    )
    locations = sum(len(org["locations"]) for org in sample["organizations"])
    assert codes["fr"] == locations
    assert codes["en"] > locations / 3
    assert codes["es"] and codes["ar"]
