"""A test-only API mounting the eligibility router as the project's API will (/api/v1/eligibility)."""

from django.urls import path
from ninja import NinjaAPI
from ninja.errors import ValidationError

from eligibility.api import router

api = NinjaAPI(urls_namespace="eligibility-test-api", docs_url=None)
api.add_router("/eligibility", router)


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    # Mirrors the project-wide contract; the real handler belongs to api/api.py.
    return api.create_response(
        request,
        {"error": {"code": "invalid_request", "message": "Invalid request.", "details": exc.errors}},
        status=422,
    )


urlpatterns = [path("api/v1/", api.urls)]
