"""Every error status answers in the person's language with the site's layout and a way back; the API answers in its
JSON shape; oversized requests are 413/400 and never a 500, even with DEBUG=True."""

import json

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

BIG_JSON = json.dumps({"text": "a" * (5 * 1024 * 1024)})
MANY = "&".join(["clientele=youth"] * 2000)
TITLES = {
    ("fr", 400): "Nous n’avons pas pu lire cette demande",
    ("en", 400): "We could not read this request",
    ("fr", 403): "Cette page ne vous est pas ouverte",
    ("en", 403): "This page is not open to you",
    ("fr", 404): "Page non trouvée",
    ("en", 404): "Page not found",
    ("fr", 405): "Cette action n’est pas possible ici",
    ("en", 405): "This action is not possible here",
    ("fr", 429): "Trop de tentatives",
    ("en", 429): "Too many attempts",
    ("fr", 500): "Une erreur est survenue de notre côté",
    ("en", 500): "Something went wrong on our side",
    ("fr", 503): "Le site reprend son souffle",
    ("en", 503): "The site is catching its breath",
}
DJANGO_DEFAULTS = ("Bad Request (400)", "<h1>Not Found</h1>", "403 Forbidden", "Server Error (500)", "<h1>Forbidden")


def raising(error: Exception):
    def view(*args, **kwargs):
        raise error

    return view


def bare(status: int):
    from django.http import HttpResponse

    def view(*args, **kwargs):
        return HttpResponse(status=status)

    return view


@pytest.fixture
def errors_client(reference_data) -> Client:
    return Client(raise_request_exception=False)


def page_with(monkeypatch, client, lang: str, status: int):
    """The page of one error status, provoked the way it happens in production."""
    if status == 404:
        return client.get(f"/{lang}/no-such-page/")
    if status == 405:
        return client.post(f"/{lang}/search/", {"where": "H2X 1Y4"})
    failures = {
        400: SuspiciousOperation("bad"),
        403: PermissionDenied(),
        500: ValueError("secret detail"),
        503: OperationalError("connection refused"),
    }
    if status == 429:  # a bare 429 (a rate limit that set no page of its own)
        from finder import urls

        monkeypatch.setattr(urls.urlpatterns[0], "callback", bare(429))
        return client.get(f"/{lang}/search/")
    monkeypatch.setattr("finder.views.results_for", raising(failures[status]))
    return client.get(f"/{lang}/search/", {"where": "H2X 1Y4"})


@pytest.mark.parametrize("status", [400, 403, 404, 405, 429, 500, 503])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_error_page_is_in_the_persons_language_with_the_layout_and_a_way_back(
    errors_client, monkeypatch, lang, status
):
    response = page_with(monkeypatch, errors_client, lang, status)
    assert response.status_code == status
    html = response.text
    assert f'<html lang="{lang}">' in html
    assert TITLES[(lang, status)] in html.replace("'", "’")
    assert 'class="site-header"' in html and 'class="brand"' in html
    assert f'href="/{lang}/"' in html, "a way back home"
    assert not any(default in html for default in DJANGO_DEFAULTS)
    assert "secret detail" not in html and "connection refused" not in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_expired_form_says_so_in_the_persons_language(reference_data, lang):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{lang}/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert f'<html lang="{lang}">' in response.text
    assert ("Ce formulaire a expiré" if lang == "fr" else "This form has expired") in response.text.replace("'", "’")


@pytest.mark.parametrize("debug", [False, True])
def test_the_api_keeps_its_json_shape_and_refuses_oversized_requests_without_a_500(errors_client, debug):
    with override_settings(DEBUG=debug):
        too_big = errors_client.post("/api/v1/search", BIG_JSON, content_type="application/json")
        assert too_big.status_code == 413
        assert too_big.json()["error"]["code"] == "too_large"
        many = errors_client.get("/api/v1/search?near=H2X1Y4&" + MANY)
        assert many.status_code == 400
        assert many.json()["error"]["code"] == "too_many_values"
        wrong_method = errors_client.post("/api/v1/search", {})
        assert wrong_method.status_code == 405
        assert wrong_method.json()["error"]["code"] == "method_not_allowed"
        assert errors_client.get("/api/v1/no-such-thing").json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("debug", [False, True])
def test_oversized_page_requests_get_a_page_not_a_500(errors_client, debug):
    with override_settings(DEBUG=debug):
        too_big = errors_client.post("/en/search/", BIG_JSON, content_type="application/json")
        assert too_big.status_code == 413
        assert "Too much was sent at once" in too_big.text
        many = errors_client.get("/fr/search/?where=H2X1Y4&" + MANY)
        assert many.status_code == 400
        assert '<html lang="fr">' in many.text


def test_a_405_keeps_its_allow_header(errors_client):
    response = errors_client.post("/fr/search/", {})
    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_an_api_error_raised_as_404_keeps_the_json_shape(errors_client, monkeypatch):
    monkeypatch.setattr("api.api.find_service_points", raising(Http404()))
    response = errors_client.get("/api/v1/search", {"near": "H2X 1Y4"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
