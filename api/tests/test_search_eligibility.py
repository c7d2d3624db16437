"""/api/v1/search accepts the eligibility profile and adds an `eligibility` object to each result."""

import pytest

pytestmark = pytest.mark.django_db
PROFILE = "&employment=employed&income_support=none&immigration_status=temporary_resident"


def test_it_leaves_eligibility_out_without_a_profile(client, reference_data):
    body = client.get("/api/v1/search?near=Laval&limit=5").json()
    assert body["results"] and all(result["eligibility"] is None for result in body["results"])


def test_it_decides_each_result_under_both_rule_sets(client, reference_data, published_schema):
    response = client.get("/api/v1/search?near=Laval&limit=10&lang=en" + PROFILE)
    body = published_schema.validate(response, "/api/v1/search")
    statuses = {result["eligibility"]["status"] for result in body["results"]}
    assert statuses <= {"eligible", "to_confirm", "not_eligible"}
    assert "not_eligible" in statuses
    for result in body["results"]:
        eligibility = result["eligibility"]
        assert eligibility["reasons"] and isinstance(eligibility["rule_ids"], list)
        assert eligibility["universal"]["status"] in {"eligible", "to_confirm"}


@pytest.mark.parametrize(
    "query", ["&employment=employed&employment=no_job", "&age_range=250", "&career_change=perhaps"]
)
def test_it_refuses_an_impossible_profile(client, reference_data, query):
    response = client.get("/api/v1/search?near=Laval" + query)
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] in ("invalid_profile", "invalid_parameter")
