"""Every bad input gets a 4xx with {"error": {"code", "message"}} in the person's language; never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import ServiceAtLocation

SEARCH = "/api/v1/search"
MARKUP = "<script>alert('x')</script>"
SQL = "'; DROP TABLE directory_serviceatlocation; --"


@pytest.mark.parametrize(
    ("params", "status", "codes"),
    [
        ({}, 400, {"empty"}),
        ({"near": ""}, 400, {"empty"}),
        ({"near": "   "}, 400, {"empty"}),
        ({"near": "H0H 0H0"}, 400, {"not_a_place"}),
        ({"near": "K1A 0B1"}, 400, {"outside_quebec"}),
        ({"near": "M5V 3L9"}, 400, {"outside_quebec"}),
        ({"near": "H2X 1Y"}, 400, {"malformed_postal_code"}),
        ({"near": "H2X 1Y4Z"}, 400, {"malformed_postal_code"}),
        ({"near": "G0A"}, 400, {"rural_fsa_needs_detail"}),
        ({"near": "Xyzzyville-sur-Mer"}, 400, {"unknown_place"}),
        ({"near": "x" * 10_000}, 422, {"too_long"}),
        ({"near": MARKUP}, 400, {"unknown_place", "not_a_place"}),
        ({"near": SQL}, 400, {"unknown_place", "not_a_place"}),
        ({"near": "Rimouski\x00"}, 400, {"invalid_parameter"}),
        ({"near": "Rimouski", "radius_km": 0}, 422, {"invalid_radius"}),
        ({"near": "Rimouski", "radius_km": -5}, 422, {"invalid_radius"}),
        ({"near": "Rimouski", "radius_km": 501}, 422, {"invalid_radius"}),
        ({"near": "Rimouski", "radius_km": "nan"}, 422, {"invalid_radius"}),
        ({"near": "Rimouski", "radius_km": "inf"}, 422, {"invalid_radius"}),
        ({"near": "Rimouski", "radius_km": "far"}, 422, {"invalid_radius"}),
        ({"near": "Rimouski", "limit": 0}, 422, {"invalid_limit"}),
        ({"near": "Rimouski", "limit": 101}, 422, {"invalid_limit"}),
        ({"near": "Rimouski", "limit": "ten"}, 422, {"invalid_limit"}),
        ({"near": "Rimouski", "limit": "1.5"}, 422, {"invalid_limit"}),
        ({"near": "Rimouski", "offset": -1}, 422, {"invalid_offset"}),
        ({"near": "Rimouski", "offset": SQL}, 422, {"invalid_offset"}),
        ({"lat": 46.8}, 400, {"invalid_coordinates"}),
        ({"lon": -71.2}, 400, {"invalid_coordinates"}),
        ({"lat": 200, "lon": -71.2}, 422, {"invalid_coordinates"}),
        ({"lat": "north", "lon": -71.2}, 422, {"invalid_coordinates"}),
        ({"lat": 43.65, "lon": -79.38}, 400, {"outside_quebec"}),
        ({"lat": 48.85, "lon": 2.35}, 400, {"outside_quebec"}),
        ({"near": "Rimouski", "clientele": "unicorns"}, 400, {"unknown_clientele"}),
        ({"near": "Rimouski", "clientele": MARKUP}, 400, {"unknown_clientele"}),
        ({"near": "Rimouski", "clientele": ",".join(f"c{n}" for n in range(30))}, 400, {"too_many_values"}),
        ({"near": "Rimouski", "kind": "astrology"}, 400, {"unknown_kind"}),
        ({"near": "Rimouski", "lang": "de"}, 422, {"invalid_language"}),
    ],
)
def test_it_refuses_bad_search_input_with_a_coded_error(api_get, reference_data, params, status, codes):
    got_status, body = api_get(SEARCH, data=params)
    assert got_status == status
    assert body["error"]["code"] in codes
    assert body["error"]["message"]
    assert "<script" not in str(body)


@pytest.mark.parametrize(
    ("template", "path", "status", "code"),
    [
        ("/api/v1/organizations/{organization_id}", "/api/v1/organizations/999999999", 404, "not_found"),
        ("/api/v1/organizations/{organization_id}", "/api/v1/organizations/0", 404, "not_found"),
        ("/api/v1/organizations/{organization_id}", "/api/v1/organizations/-3", 404, "not_found"),
        ("/api/v1/organizations/{organization_id}", "/api/v1/organizations/99999999999999999999", 404, "not_found"),
        ("/api/v1/regions/{code}", "/api/v1/regions/99", 404, "not_found"),
        ("/api/v1/regions/{code}", "/api/v1/regions/%3Cb%3E", 404, "not_found"),
        ("/api/v1/regions/{code}", "/api/v1/regions/" + "1" * 5000, 404, "not_found"),
        ("/api/v1/municipalities", "/api/v1/municipalities?region=99", 400, "unknown_region"),
        ("/api/v1/municipalities", "/api/v1/municipalities?region=%00", 400, "invalid_parameter"),
        ("/api/v1/municipalities", "/api/v1/municipalities?q=" + "a" * 10_000, 422, "too_long"),
        ("/api/v1/municipalities", "/api/v1/municipalities?limit=1000", 422, "invalid_limit"),
    ],
)
def test_it_refuses_unknown_ids_and_bad_look_ups(api_get, reference_data, template, path, status, code):
    got_status, body = api_get(template, path)
    assert (got_status, body["error"]["code"]) == (status, code)


@pytest.mark.parametrize("path", ["/api/v1/organizations/abc", "/api/v1/nowhere", "/api/v1/search/extra"])
def test_it_answers_unknown_paths_with_the_error_shape(client, db, path):
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert response.headers["Content-Type"].startswith("application/json")
    assert set(response.json()["error"]) >= {"code", "message"}


def test_it_leaves_the_database_alone_when_given_sql(client, reference_data):
    before = ServiceAtLocation.objects.count()
    for field in ("near", "clientele", "kind", "language"):
        assert client.get(SEARCH, {"near": "Rimouski", field: SQL}).status_code < 500
    assert ServiceAtLocation.objects.count() == before


@pytest.mark.parametrize(
    ("params", "french", "english"),
    [
        ({"near": "Rimouski", "radius_km": 900}, "rayon", "radius"),
        ({"near": "Rimouski", "limit": 0}, "résultats", "results"),
        ({"near": "Rimouski", "clientele": "unicorns"}, "clientèle", "clientèle"),
        ({"lat": 48.85, "lon": 2.35}, "Québec", "Québec"),
    ],
)
def test_it_words_errors_in_french_by_default_and_in_english_on_request(client, params, french, english):
    in_french = client.get(SEARCH, params).json()["error"]
    in_english = client.get(SEARCH, {**params, "lang": "en"}).json()["error"]
    by_header = client.get(SEARCH, params, headers={"Accept-Language": "en"}).json()["error"]
    assert in_french["code"] == in_english["code"]
    assert in_french["message"] != in_english["message"]
    assert french in in_french["message"]
    assert english in in_english["message"]
    assert by_header["message"] == in_english["message"]


@pytest.mark.parametrize("near", ["H0H 0H0", "K1A 0B1", "Xyzzyville-sur-Mer", "G0A"])
def test_it_translates_place_errors_too(client, reference_data, near):
    in_french = client.get(SEARCH, {"near": near}).json()["error"]
    in_english = client.get(SEARCH, {"near": near, "lang": "en"}).json()["error"]
    assert in_french["code"] == in_english["code"]
    assert in_french["message"] != in_english["message"]


def test_it_refuses_other_methods(client, db):
    response = client.post(SEARCH, {"near": "Rimouski"})
    assert response.status_code == 405


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    near=st.text(max_size=300),
    clientele=st.lists(st.text(max_size=50), max_size=3),
    radius=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=10)),
)
def test_it_answers_any_text_with_results_or_a_coded_error(client, reference_data, near, clientele, radius):
    response = client.get(SEARCH, {"near": near, "clientele": clientele, "radius_km": radius})
    assert response.status_code in (200, 400, 422)
    body = response.json()
    if response.status_code == 200:
        assert set(body) >= {"origin", "total", "results"}
    else:
        assert set(body["error"]) >= {"code", "message"}
