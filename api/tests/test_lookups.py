"""Organisations, regions, municipalities and clientèles: complete, translated, schema-valid, constant queries."""

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from directory.models import Organization


def test_it_shows_an_organisation_with_its_services_and_locations(api_get, reference_data):
    organization = Organization.objects.filter(services__isnull=False, locations__isnull=False).first()
    template = "/api/v1/organizations/{organization_id}"
    status, body = api_get(template, f"/api/v1/organizations/{organization.pk}")
    assert status == 200
    assert body["id"] == organization.pk
    assert body["is_sample"] is True
    assert body["services"] and body["locations"]
    location = body["locations"][0]
    assert location["municipality"] and location["region_code"]
    assert location["service_point_ids"]


def test_it_names_an_organisation_in_the_requested_language(client, remote_point):
    point = remote_point(51.5, -63.5, name="Carrefour emploi")
    organization_id = point.service.organization_id
    french = client.get(f"/api/v1/organizations/{organization_id}").json()
    english = client.get(f"/api/v1/organizations/{organization_id}", {"lang": "en"}).json()
    assert (french["name"], english["name"]) == ("Carrefour emploi", "Carrefour emploi (EN)")
    assert french["locations"][0]["opening_hours"] == [
        {"day": "MO", "opens_at": "08:30", "closes_at": "16:30", "note": ""}
    ]


def test_it_reads_an_organisation_in_a_constant_number_of_queries(client, reference_data):
    by_size = Organization.objects.annotate(size=Count("locations", distinct=True) + Count("services", distinct=True))
    smallest, biggest = by_size.order_by("size").first(), by_size.order_by("-size").first()
    assert biggest.size > smallest.size
    counts = []
    for organization in (smallest, biggest):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/organizations/{organization.pk}").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_it_lists_the_17_regions(api_get, reference_data):
    status, body = api_get("/api/v1/regions")
    assert status == 200
    assert [region["code"] for region in body] == [f"{n:02d}" for n in range(1, 18)]


def test_it_shows_one_region_with_its_boundary(api_get, reference_data):
    status, body = api_get("/api/v1/regions/{code}", "/api/v1/regions/02")
    assert status == 200
    assert body["name"].startswith("Saguenay")
    assert body["municipality_count"] > 10
    assert body["service_point_count"] > 0
    assert body["boundary"]["type"] in {"Polygon", "MultiPolygon"}


def test_it_finds_municipalities_by_name_without_accents_biggest_first(api_get, reference_data):
    status, body = api_get("/api/v1/municipalities", data={"q": "TROIS RIVIERES"})
    assert status == 200
    assert body[0]["name"] == "Trois-Rivières"
    status, body = api_get("/api/v1/municipalities", data={"q": "saint-j", "limit": 5})
    assert len(body) == 5
    assert all(item["name"].lower().startswith("saint-j") for item in body)
    populations = [item["population"] for item in body]
    assert populations == sorted(populations, reverse=True)


def test_it_filters_municipalities_by_region(api_get, reference_data):
    status, body = api_get("/api/v1/municipalities", data={"region": "11", "limit": 100})
    assert status == 200
    assert body and {item["region"]["code"] for item in body} == {"11"}


def test_it_lists_the_clienteles_in_both_languages(api_get, reference_data):
    status, french = api_get("/api/v1/clienteles")
    status, english = api_get("/api/v1/clienteles", data={"lang": "en"})
    assert status == 200
    assert [item["slug"] for item in french] == [item["slug"] for item in english]
    assert any(fr["name"] != en["name"] for fr, en in zip(french, english, strict=True))
