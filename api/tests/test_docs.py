"""The human documentation at /api/v1/docs: server-rendered, bilingual, every operation and error code listed."""

import pytest

DOCS = "/api/v1/docs"


@pytest.mark.parametrize(
    ("params", "headers", "language", "heading"),
    [
        ({}, {}, "fr", "API de Trouve ton X"),
        ({"lang": "en"}, {}, "en", "The Trouve ton X API"),
        ({}, {"Accept-Language": "en"}, "en", "The Trouve ton X API"),
    ],
)
def test_it_documents_the_api_in_the_requested_language(client, params, headers, language, heading):
    response = client.get(DOCS, params, headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert response.headers["Content-Language"] == language


def test_it_lists_every_operation_and_error_code(client):
    html = client.get(DOCS, {"lang": "en"}).content.decode()
    schema = client.get("/api/v1/openapi.json").json()
    for path in schema["paths"]:
        assert f"{path}</code>" in html
    for code in ("invalid_radius", "unknown_clientele", "not_found"):
        assert f"<code>{code}</code>" in html
    assert "/api/v1/openapi.json" in html


def test_it_loads_nothing_from_elsewhere_and_runs_no_script(client):
    html = client.get(DOCS).content.decode()
    assert "cdn" not in html.lower()
    assert "<script" not in html
    assert 'style="' not in html
