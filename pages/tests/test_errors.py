"""A failing server still answers in the person's language; an unreachable database answers 503 + Retry-After."""

import pytest
from django.db import OperationalError
from django.test import Client


def failing(error: Exception):
    def view(*args, **kwargs):
        raise error

    return view


@pytest.fixture
def client_seeing_errors(reference_data, db) -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_unreachable_database_answers_503_with_retry_after(client_seeing_errors, monkeypatch, lang):
    monkeypatch.setattr("finder.views.results_for", failing(OperationalError("connection refused")))
    response = client_seeing_errors.get(f"/{lang}/search/", {"where": "H2X 1Y4"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert f'<html lang="{lang}">' in response.text
    assert "connection refused" not in response.text


def test_the_unavailable_page_is_in_french_first(client_seeing_errors, monkeypatch):
    monkeypatch.setattr("finder.views.results_for", failing(OperationalError("down")))
    response = client_seeing_errors.get("/fr/search/", {"where": "H2X 1Y4"})
    assert "Rien n’a été enregistré" in response.text or "Rien n'a été enregistré" in response.text


def test_the_api_answers_its_json_error_shape(client_seeing_errors, monkeypatch):
    monkeypatch.setattr("api.api.find_service_points", failing(OperationalError("down")))
    response = client_seeing_errors.get("/api/v1/search", {"near": "H2X 1Y4"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"


def test_any_other_failure_is_a_500_page_without_details(client_seeing_errors, monkeypatch):
    monkeypatch.setattr("finder.views.results_for", failing(ValueError("secret detail")))
    response = client_seeing_errors.get("/en/search/", {"where": "H2X 1Y4"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret detail" not in response.text
    assert "Retry-After" not in response
