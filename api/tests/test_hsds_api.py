"""The HSDS 3.0 API: every answer validates against the official compiled schemas made strict
(additionalProperties forbidden), in the paging envelope of the official openapi.json, in French and English."""

import json

import pytest

from directory.hsds import profile, schemas
from directory.models import Clientele, Organization, Service, ServiceAtLocation
from geography.models import PostalCode

LIST_SCHEMAS = {
    "services": "service_list",
    "organizations": "organization_list",
    "service_at_locations": "service_at_location_list",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}


def _valid_page(response, item: str) -> dict:
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    errors = [e.message for e in schemas.page_validator(item).iter_errors(body)][:5]
    assert errors == []
    return body


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("endpoint", sorted(LIST_SCHEMAS))
def test_it_answers_every_list_in_the_paging_envelope_valid(client, reference_data, endpoint, lang):
    body = _valid_page(client.get(f"/api/hsds/{endpoint}", {"lang": lang, "per_page": 200}), LIST_SCHEMAS[endpoint])
    assert body["total_items"] > 0 and body["first_page"] and body["contents"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_whole_sample_directory_fully_nested_is_valid(client, reference_data, lang):
    """Every service, organisation and service point of the sample, through the lists with full=true."""
    query = {"lang": lang, "full": "true", "per_page": 200}
    for endpoint, schema, model in [
        ("services", "service", Service),
        ("organizations", "organization", Organization),
        ("service_at_locations", "service_at_location", ServiceAtLocation),
    ]:
        seen = 0
        for page in range(1, 3):
            body = _valid_page(client.get(f"/api/hsds/{endpoint}", {**query, "page": page}), schema)
            seen += body["size"]
        assert seen == model.objects.count()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_detail_answers_are_valid(client, reference_data, lang):
    for s in Service.objects.all()[:10]:
        body = client.get(f"/api/hsds/services/{s.uuid}", {"lang": lang}).json()
        assert schemas.problems("service", body) == [], s.uuid
    for org in Organization.objects.all()[:10]:
        body = client.get(f"/api/hsds/organizations/{org.uuid}", {"lang": lang}).json()
        assert schemas.problems("organization", body) == [], org.uuid
    for point in ServiceAtLocation.objects.all()[:10]:
        body = client.get(f"/api/hsds/service_at_locations/{point.uuid}", {"lang": lang}).json()
        assert schemas.problems("service_at_location", body) == [], point.uuid


@pytest.mark.parametrize("options", [{"full": "true"}, {"minimal": "true"}])
def test_full_and_minimal_services_are_valid(client, reference_data, options):
    body = client.get("/api/hsds/services", {**options, "per_page": 100, "page": 2}).json()
    schema = "service" if "full" in options else "service_list"
    assert body["page_number"] == 2 and body["size"] == len(body["contents"]) > 0
    assert [p for item in body["contents"] for p in schemas.problems(schema, item)] == []


def test_full_lists_of_organisations_and_points_are_valid(client, reference_data):
    _valid_page(client.get("/api/hsds/organizations", {"full": "true", "per_page": 30}), "organization")
    _valid_page(client.get("/api/hsds/service_at_locations", {"full": "true", "per_page": 30}), "service_at_location")


def test_the_filters_narrow_the_services(client, reference_data):
    total = client.get("/api/hsds/services").json()["total_items"]
    youth = Clientele.objects.get(slug="youth")
    by_term = client.get("/api/hsds/services", {"taxonomy_term_id": str(youth.uuid), "per_page": 200}).json()
    assert 0 < by_term["total_items"] < total
    assert by_term["total_items"] == Service.objects.filter(clienteles=youth).count()
    org = Organization.objects.filter(services__isnull=False).first()
    by_org = client.get("/api/hsds/services", {"organization_id": str(org.uuid)}).json()
    assert {s["organization_id"] for s in by_org["contents"]} == {str(org.uuid)}
    assert by_org["total_items"] == org.services.count()
    word = Service.objects.first().name_fr.split()[0]
    assert client.get("/api/hsds/services", {"search": word}).json()["total_items"] >= 1
    later = client.get("/api/hsds/services", {"modified_after": "2999-01-01"}).json()
    assert later["total_items"] == 0 and later["empty"] is True
    by_taxonomy = client.get("/api/hsds/services", {"taxonomy_id": str(profile.CLIENTELES.uuid)}).json()
    assert by_taxonomy["total_items"] == Service.objects.filter(clienteles__isnull=False).distinct().count()


def test_postcode_and_proximity_find_nearby_points(client, reference_data):
    postcode = PostalCode.objects.filter(code__startswith="H2X").first().code
    near = client.get("/api/hsds/service_at_locations", {"postcode": postcode, "proximity": "50000", "per_page": 200})
    body = _valid_page(near, "service_at_location_list")
    region = client.get("/api/hsds/service_at_locations", {"postcode": postcode}).json()
    assert body["total_items"] >= 1 and region["total_items"] >= 1


def test_ndjson_streams_every_item(client, reference_data):
    response = client.get("/api/hsds/services", {"format": "ndjson"})
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == Service.objects.count()
    assert all(schemas.problems("service_list", json.loads(line)) == [] for line in lines[:50])


def test_the_human_docs_list_every_hsds_endpoint_without_a_cdn(client, db):
    page = client.get("/api/hsds/docs", {"lang": "fr"}).content.decode()
    assert "/api/hsds/service_at_locations" in page and "/api/hsds/taxonomy_terms/{term_id}" in page
    assert "cdn" not in page.lower()


def test_the_root_gives_version_profile_and_openapi(client, db):
    body = client.get("/api/hsds/").json()
    assert body["version"] == "3.0"
    assert client.get(body["profile"]).status_code == 200
    assert client.get(body["openapi_url"]).json()["paths"]["/api/hsds/services"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/services/not-a-uuid",
        "/api/hsds/services/00000000-0000-4000-8000-000000000000",
        "/api/hsds/organizations/00000000-0000-4000-8000-000000000000",
        "/api/hsds/service_at_locations/x",
        "/api/hsds/taxonomies/00000000-0000-4000-8000-000000000000",
        "/api/hsds/taxonomy_terms/nope",
        "/api/hsds/nothing-here",
    ],
)
def test_unknown_records_are_404_in_the_api_error_shape(client, db, path):
    response = client.get(path)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"per_page": "100000"},
        {"page": "x"},
        {"taxonomy_term_id": "nope"},
        {"modified_after": "yesterday"},
        {"format": "xml"},
        {"search": "a\x00b"},
    ],
)
def test_bad_parameters_are_4xx_never_500(client, db, query):
    response = client.get("/api/hsds/services", query)
    assert 400 <= response.status_code < 500 and "error" in response.json()


@pytest.mark.parametrize("fmt", ["json", "ndjson", "datapackage"])
def test_the_export_downloads_from_the_api(client, reference_data, fmt):
    response = client.get("/api/hsds/export", {"format": fmt, "region": "01", "lang": "en"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    if fmt == "datapackage":
        import io
        import zipfile

        assert "organizations.csv" in zipfile.ZipFile(io.BytesIO(body)).namelist()
        return
    records = json.loads(body) if fmt == "json" else [json.loads(line) for line in body.splitlines()]
    expected = Organization.objects.filter(locations__region_id="01").distinct().count()
    assert len(records) == expected > 0
    assert all(schemas.problems("organization", r) == [] for r in records)


def test_the_export_refuses_bad_parameters(client, db):
    assert client.get("/api/hsds/export", {"format": "xml"}).status_code == 400
    assert client.get("/api/hsds/export", {"region": "99"}).status_code == 400
