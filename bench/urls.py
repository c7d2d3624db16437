"""The project's URLs plus the minimal view of the speed-versus-limit bench (bench/settings.py only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from trouve.urls import handler500  # noqa: F401 (Django reads it from the root URLconf)
from trouve.urls import urlpatterns as project_urlpatterns

MINIMAL_PAGE = b"<!doctype html><html lang=fr><title>ok</title><p>ok</p></html>"


def minimal(request: HttpRequest) -> HttpResponse:
    """Django's floor: the full middleware stack, no template, no query."""
    return HttpResponse(MINIMAL_PAGE)


urlpatterns = [path("bench/minimal", minimal, name="bench_minimal"), *project_urlpatterns]
