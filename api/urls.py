from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils import translation

from .api import api
from .errors import error_body


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown paths under /api/v1/ answer the API's error shape, not the site's HTML 404 page."""
    language = request.GET.get("lang")
    with translation.override(language if language in ("fr", "en") else translation.get_language()):
        return JsonResponse(error_body("not_found"), status=404)


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
