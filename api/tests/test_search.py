"""GET /api/v1/search: nearest first, filters, paging, languages and a constant number of queries."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

SEARCH = "/api/v1/search"
# Points made by the tests sit in an empty corner of Côte-Nord, far from every sample service point.
LAT, LON = 51.5, -63.5
ORIGIN = {"lat": LAT, "lon": LON}


def haversine_km(lat1, lon1, lat2, lon2):
    """Independent of finder.search: the spherical law of cosines, Earth radius 6371 km."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cosine = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, cosine)))


@pytest.mark.parametrize("near", ["G1R 0A1", "g1r0a1", "H2X", "Trois-Rivières", "chicoutimi", "SAINT-JEROME"])
def test_it_lists_service_points_nearest_first_at_haversine_distances(api_get, reference_data, near):
    status, body = api_get(SEARCH, data={"near": near, "radius_km": 150, "limit": 50})
    assert status == 200
    origin = body["origin"]
    assert origin["precision"] in {"postal_code", "fsa", "municipality"}
    assert origin["region"]["code"]
    assert body["results"], f"no service point within 150 km of {near}"
    distances = [result["distance_km"] for result in body["results"]]
    assert distances == sorted(distances)
    for result in body["results"]:
        location = result["location"]
        expected = haversine_km(origin["latitude"], origin["longitude"], location["latitude"], location["longitude"])
        assert result["distance_km"] == pytest.approx(expected, abs=0.05)
        assert result["distance_km"] <= 150
    assert body["total"] >= len(body["results"])


def test_it_describes_each_result_fully(api_get, reference_data):
    status, body = api_get(SEARCH, data={"near": "G1R 0A1"})
    assert status == 200
    result = body["results"][0]
    assert result["organization"]["name"]
    assert result["service"]["name"]
    assert result["location"]["municipality"]
    assert result["location"]["region_code"]
    assert result["clienteles"]
    assert result["is_sample"] is True


def test_it_searches_around_coordinates(api_get, reference_data):
    status, body = api_get(SEARCH, data={"lat": 46.8139, "lon": -71.2080, "radius_km": 30})
    assert status == 200
    assert body["origin"]["precision"] == "coordinates"
    assert body["origin"]["region"]["code"] == "03"
    assert body["results"]


def test_it_accepts_clienteles_repeated_or_as_a_comma_list(client, remote_point):
    remote_point(LAT, LON, clienteles=("youth",))
    remote_point(LAT + 0.01, LON, clienteles=("women",))
    remote_point(LAT + 0.02, LON, clienteles=("seniors",))
    origin = {**ORIGIN}
    repeated = client.get(SEARCH, {**origin, "clientele": ["youth", "women"]}).json()
    comma = client.get(SEARCH, {**origin, "clientele": "youth,women"}).json()
    assert {tuple(r["clienteles"]) for r in repeated["results"]} == {("youth",), ("women",)}
    assert repeated["results"] == comma["results"]


def test_it_treats_general_public_services_as_serving_every_clientele(client, remote_point):
    remote_point(LAT, LON, clienteles=("general-public",))
    remote_point(LAT + 0.01, LON, clienteles=("seniors",))
    body = client.get(SEARCH, {**ORIGIN, "clientele": "youth"}).json()
    assert [r["clienteles"] for r in body["results"]] == [["general-public"]]


def test_it_pages_with_limit_and_offset(client, remote_point):
    for step in range(5):
        remote_point(LAT + step * 0.01, LON)
    first = client.get(SEARCH, {**ORIGIN, "limit": 2}).json()
    second = client.get(SEARCH, {**ORIGIN, "limit": 2, "offset": 2}).json()
    everything = client.get(SEARCH, {**ORIGIN, "limit": 100}).json()
    assert first["total"] == second["total"] == 5
    assert [r["id"] for r in first["results"] + second["results"]] == [r["id"] for r in everything["results"][:4]]


def test_it_answers_in_french_by_default_and_in_english_on_request(client, remote_point):
    remote_point(LAT, LON, name="Carrefour emploi")
    origin = {**ORIGIN}
    french = client.get(SEARCH, origin)
    english = client.get(SEARCH, {**origin, "lang": "en"})
    by_header = client.get(SEARCH, origin, headers={"Accept-Language": "en"})
    assert french.json()["results"][0]["organization"]["name"] == "Carrefour emploi"
    assert english.json()["results"][0]["organization"]["name"] == "Carrefour emploi (EN)"
    assert by_header.json()["results"][0]["service"]["name"].startswith("Employment service")
    assert french.headers["Content-Language"] == "fr"
    assert english.headers["Content-Language"] == "en"


def test_it_lets_lang_win_over_accept_language(client, remote_point):
    remote_point(LAT, LON, name="Carrefour emploi")
    response = client.get(SEARCH, {**ORIGIN, "lang": "fr"}, headers={"Accept-Language": "en"})
    assert response.json()["results"][0]["organization"]["name"] == "Carrefour emploi"


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    return len(captured)


def test_it_runs_the_same_number_of_queries_for_one_result_or_many(client, remote_point):
    for step in range(12):
        remote_point(LAT + step * 0.01, LON, clienteles=("youth",), languages=("fr", "en"))
    one = queries_for(client, {**ORIGIN, "limit": 1})
    many = queries_for(client, {**ORIGIN, "limit": 12})
    filtered = queries_for(client, {**ORIGIN, "limit": 12, "clientele": "youth"})
    assert one == many
    assert filtered == many + 1  # checking the clientèle slugs
    assert many <= 20


def test_it_runs_a_bounded_number_of_queries_for_a_place_name(client, reference_data):
    assert queries_for(client, {"near": "Rimouski", "limit": 20}) <= 20
