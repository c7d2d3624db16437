"""Every name people use for part of a city (former municipalities, boroughs, districts) resolves to its own point in
the right region, through the resolver, the API and the search page; a name shared by two places asks which one."""

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from geography.aliases import build, centroids, read_aliases
from geography.models import Municipality, PlaceAlias
from geography.points import haversine_km
from geography.reading import naming_context, read_fsas, read_municipalities, read_regions
from geography.resolve import resolve_place, suggest_places

pytestmark = pytest.mark.django_db

DATA = Path(settings.BASE_DIR) / "data" / "geography"
with open(DATA / "qc_place_aliases.csv", encoding="utf-8", newline="") as _handle:
    ROWS = list(csv.DictReader(_handle))


def _resolved(text: str):
    resolution = resolve_place(text)
    if resolution.error == "ambiguous_place":
        return resolution, resolution.suggestions
    return resolution, None


def _choice_for(row: dict, choices: list[str]) -> str:
    region = PlaceAlias.objects.filter(name=row["name"]).values_list("region__name", flat=True).first()
    return next(choice for choice in choices if choice == f"{row['name']} ({region})")


def test_the_bundled_list_covers_the_places_people_named(geography_data):
    names = {row["name"] for row in ROWS}
    for name in ("Hull", "Aylmer", "Sainte-Foy", "Charlesbourg", "Beauport", "Cap-de-la-Madeleine", "Rosemont"):
        assert name in names
    cities = {row["municipality"] for row in ROWS}
    for city in ("Montréal", "Québec", "Laval", "Longueuil", "Gatineau", "Saguenay", "Lévis", "Sherbrooke"):
        assert city in cities
    assert "Trois-Rivières" in cities
    assert PlaceAlias.objects.count() == len(ROWS), "every row of the file is loaded"


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_each_alias_resolves_to_its_own_point_in_its_region(geography_data, row):
    resolution, choices = _resolved(row["name"])
    if choices:
        assert len(choices) >= 2
        resolution = resolve_place(_choice_for(row, choices))
    origin = resolution.origin
    assert origin is not None, resolution.message
    assert (origin.latitude, origin.longitude) == (float(row["latitude"]), float(row["longitude"]))
    assert origin.region_code == row["region_code"]
    city = Municipality.objects.filter(name=row["municipality"]).order_by("-population").first()
    assert city.region_id == row["region_code"]
    if row["name"] != row["municipality"]:
        # Its own point, not the merged city's centre.
        assert (origin.latitude, origin.longitude) != (city.latitude, city.longitude)
    assert row["municipality"] in origin.label or row["name"] == origin.label


def test_the_points_are_those_the_builder_computes_from_the_bundled_files(tmp_path):
    """The file says exactly how each point was made: recomputing it from the postal codes gives the same numbers."""
    regions = {f"{n:02d}" for n in range(1, 18)}
    fsas = read_fsas(DATA / "qc_fsa_centroids.csv", regions).rows
    points = centroids(
        ROWS,
        Path(settings.POSTAL_CODES_FILE),
        {f["code"]: (f["latitude"], f["longitude"], not f["is_rural"]) for f in fsas},
    )
    for row in ROWS:
        assert points[row["name"]] == (float(row["latitude"]), float(row["longitude"]), int(row["n_postal_codes"]))
    copy = tmp_path / "aliases.csv"
    copy.write_text((DATA / "qc_place_aliases.csv").read_text(encoding="utf-8"), encoding="utf-8")
    municipalities = read_municipalities(DATA / "qc_municipalities.csv", regions).rows
    assert build(copy, Path(settings.POSTAL_CODES_FILE), municipalities, fsas) == []
    assert copy.read_text(encoding="utf-8") == (DATA / "qc_place_aliases.csv").read_text(encoding="utf-8")


def test_the_loader_rejects_a_point_far_from_its_city_or_in_another_region(tmp_path):
    regions = read_regions(DATA / "qc_regions.csv", DATA / "qc_regions_simplified.geojson").rows
    municipalities = read_municipalities(DATA / "qc_municipalities.csv", {r["code"] for r in regions}).rows
    naming = naming_context(regions, municipalities)
    bad = dict(ROWS[0], name="Nulle-Part", latitude="48.45", longitude="-68.52")  # Rimouski, not Montréal
    wrong_region = dict(ROWS[0], name="Ailleurs", region_code="03")
    path = tmp_path / "aliases.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows([ROWS[0], bad, wrong_region])
    batch = read_aliases(path, naming)
    assert [row["name"] for row in batch.rows] == [ROWS[0]["name"]]
    assert {r.value for r in batch.rejected} == {"Nulle-Part", "Ailleurs"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_aliases_resolve_through_the_api_and_the_page(client, geography_data, lang):
    for row in ROWS:
        body = client.get("/api/v1/search", {"near": row["name"], "limit": 1}).json()
        if "error" in body:  # a name shared with a municipality elsewhere: the API offers the choices
            assert body["error"]["code"] == "ambiguous_place", body
            choice = _choice_for(row, body["error"]["suggestions"])
            body = client.get("/api/v1/search", {"near": choice, "limit": 1}).json()
        origin = body["origin"]
        assert (origin["latitude"], origin["longitude"]) == (float(row["latitude"]), float(row["longitude"])), row
        assert origin["region"]["code"] == row["region_code"]
    with translation.override(lang):
        url = reverse("finder:search")
    for name in ("Hull", "Sainte-Foy", "Cap-de-la-Madeleine", "Plateau-Mont-Royal", "Mtl", "Beauport"):
        response = client.get(url, {"where": name})
        assert response.status_code == 200, name
        assert response.context["results"].origin.label.startswith(
            ("Hull", "Sainte-Foy", "Cap", "Plateau", "Montr", "Beauport")
        )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_ambiguous_name_asks_which_one_with_the_region(client, geography_data, lang):
    with translation.override(lang):
        url = reverse("finder:search")
    response = client.get(url, {"where": "Saint-Michel"})
    assert response.status_code == 400
    html = response.text
    assert "Saint-Michel (Montréal)" in html and "Saint-Michel (Montérégie)" in html
    chosen = client.get(url, {"where": "Saint-Michel (Montréal)"})
    assert chosen.status_code == 200
    assert chosen.context["results"].origin.region_code == "06"
    body = client.get("/api/v1/search", {"near": "Saint-Michel"}).json()
    assert body["error"]["code"] == "ambiguous_place"
    assert set(body["error"]["suggestions"]) == {"Saint-Michel (Montréal)", "Saint-Michel (Montérégie)"}


def test_suggestions_rank_an_exact_alias_first(geography_data):
    assert suggest_places("Sainte-Foy")[0] == "Sainte-Foy"
    assert suggest_places("Beauport")[0] == "Beauport"
    assert suggest_places("hull")[0] == "Hull"
    assert "Sainte-Rose" not in suggest_places("Sainte-Foy")[:1]


@pytest.mark.parametrize(("text", "city"), [("Mtl", "Montréal"), ("mtl qc", "Montréal"), ("Ste-Foy", "Québec")])
def test_abbreviations_resolve(geography_data, text, city):
    origin = resolve_place(text).origin
    assert origin is not None and city in origin.label


def test_a_former_town_is_far_from_its_merged_city_centre(geography_data):
    aylmer, gatineau = resolve_place("Aylmer").origin, Municipality.objects.get(name="Gatineau")
    assert haversine_km(aylmer.latitude, aylmer.longitude, gatineau.latitude, gatineau.longitude) > 5
