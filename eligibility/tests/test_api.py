import json

import pytest

pytestmark = [pytest.mark.usefixtures("illustrative_rules")]
URL = "/api/v1/eligibility"


def post(client, body, lang="en"):
    return client.post(URL, data=json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)


def test_it_decides_in_every_region_under_both_rule_sets(client):
    response = post(client, {"profile": {"employment": ["employed"], "income_support": ["none"]}})
    assert response.status_code == 200
    data = response.json()
    assert [d["region"] for d in data["decisions"]] == [f"{n:02d}" for n in range(1, 18)]
    by_region = {d["region"]: d for d in data["decisions"]}
    assert by_region["07"]["current"] == {
        "status": "eligible",
        "reasons": ["People with a job (Outaouais)."],
        "rule_ids": ["r07-employed"],
        "next_steps": ["Contact the centre to start: the service is free."],
    }
    assert by_region["13"]["current"]["status"] == "not_eligible"
    assert {d["universal"]["status"] for d in data["decisions"]} == {"eligible"}
    assert data["current_rule_set"]["is_illustrative"] is True


def test_it_answers_for_one_region_on_a_date(client):
    body = {"profile": {"employment": ["precarious"], "income_support": ["none"]}, "region": "13", "date": "2025-01-15"}
    data = post(client, body).json()
    assert [(d["region"], d["current"]["rule_ids"]) for d in data["decisions"]] == [("13", ["r13-precarious-pilot"])]


def test_it_applies_a_service_points_mandate(client, service_point_factory):
    point = service_point_factory(region="06", mandate={"age": {"min": 16, "max": 35}})
    body = {"profile": {"age": 52, "income_support": ["employment_insurance"]}, "service_point": point.pk}
    decision = post(client, body).json()["decisions"][0]
    assert (decision["service_point"], decision["current"]["status"]) == (point.pk, "not_eligible")
    assert decision["current"]["rule_ids"][0].startswith("mandate-")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"profile": {"age": 250}}, 400, "invalid_profile"),
        ({"profile": {"employment": ["employed", "no_job"]}}, 400, "invalid_profile"),
        ({"profile": {"income_support": ["lottery"]}}, 400, "invalid_profile"),
        ({"region": "18"}, 400, "unknown_region"),
        ({"region": "<script>"}, 400, "unknown_region"),
        ({"service_point": 999999}, 404, "unknown_service_point"),
        ({"profile": {"age": "old"}}, 422, "invalid_parameter"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_error(client, body, status, code):
    response = post(client, body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_it_speaks_french_when_asked(client):
    response = post(client, {"profile": {"age": 250}}, lang="fr")
    assert response.json()["error"]["details"][0]["message"] == "L'âge doit être entre 0 et 120."


def test_it_publishes_the_rules_in_force(client):
    data = client.get(f"{URL}/rules?date=2026-11-26").json()
    ids = {r["id"] for r in data["current"]}
    assert "qc-employment-insurance" in ids and "r13-precarious-pilot" not in ids
    assert [r["id"] for r in data["universal"]] == ["universal-anyone"]


def test_it_refuses_a_profile_that_is_not_an_object(client):
    response = post(client, {"profile": 44575})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_it_refuses_a_boolean_where_a_number_is_expected(client, reference_data):
    # Found by schemathesis: pydantic's lax mode read true as 1 for an id and an age.
    for body in ({"service_point": True}, {"profile": {"age": True}}):
        response = client.post("/api/v1/eligibility", body, content_type="application/json")
        assert response.status_code == 422, body
        assert response.json()["error"]["code"]


def test_it_takes_dates_as_yyyy_mm_dd_only(client, reference_data):
    # Found by schemathesis: "0.0" was read as a Unix time (1970-01-01).
    assert client.get("/api/v1/eligibility/rules", {"date": "0.0"}).status_code == 422
    assert client.get("/api/v1/eligibility/rules", {"date": "2026-11-26"}).status_code == 200
    response = client.post("/api/v1/eligibility", {"date": 0}, content_type="application/json")
    assert response.status_code == 422
