"""Fixtures of the API tests: a validator for the published OpenAPI schema and a JSON getter."""

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_URI = "urn:trouve:openapi"


class PublishedSchema:
    """Validates responses against /api/v1/openapi.json as the API publishes it (not against the Python classes)."""

    def __init__(self, document: dict):
        self.document = document
        self.registry = Registry().with_resource(SCHEMA_URI, Resource.from_contents(document, DRAFT202012))

    def validate(self, response, path: str, method: str = "get") -> dict:
        operation = self.document["paths"][path][method]
        responses = operation["responses"]
        assert str(response.status_code) in responses, f"{response.status_code} is not documented for {path}"
        pointer = f"/paths/{path.replace('~', '~0').replace('/', '~1')}/{method}/responses/{response.status_code}"
        schema = {"$ref": f"{SCHEMA_URI}#{pointer}/content/application~1json/schema"}
        assert response.headers["Content-Type"].startswith("application/json")
        body = response.json()
        Draft202012Validator(schema, registry=self.registry).validate(body)
        return body


@pytest.fixture
def published_schema(client) -> PublishedSchema:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return PublishedSchema(response.json())


@pytest.fixture
def api_get(client, published_schema):
    """GET an API path with query parameters, check the answer against the published schema, return (status, body)."""

    def get(template: str, path: str | None = None, **kwargs):
        response = client.get(path or template, **kwargs)
        body = published_schema.validate(response, template)
        return response.status_code, body

    return get


@pytest.fixture
def remote_point(make_point, reference_data):
    """make_point with the real geography loaded, so that coordinates resolve to a region (tests place their points
    in an empty corner of Côte-Nord, far from the sample service points)."""
    return make_point


@pytest.fixture(autouse=True)
def _database(db):
    """Every API test reads the database (plain `db`: each test rolls back, the reference data stays)."""
