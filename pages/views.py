from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_safe

from finder.forms import SearchForm


@require_safe
def root_redirect(request: HttpRequest) -> HttpResponse:
    """ "/" goes to the home page in the visitor's language (French unless the browser prefers English)."""
    from django.utils import translation

    with translation.override(get_language_from_request(request)):
        return redirect(reverse("pages:home"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"form": SearchForm()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    from referrals.privacy import max_age_months, retention_days

    return render(
        request, "pages/privacy.html", {"retention_days": retention_days(), "max_age_months": max_age_months()}
    )


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when the database and cache answer and migrations are applied, else 503."""
    from lib.health import health

    healthy, checks = health()
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /fr/portal/",
        "Disallow: /en/portal/",
        "Disallow: /fr/admin/",
        "Disallow: /en/admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
