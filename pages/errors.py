"""What a person sees when a request fails: a page in their language, with the site's layout and a way back; the API
answers in its JSON error shape instead (api/errors.py).

- 400, 403, 404: Django's handlers (``handler400`` … in trouve/urls.py) and the CSRF failure view.
- 405 (a view's ``require_safe``), 413 (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``), too many parameters (over
  ``DATA_UPLOAD_MAX_NUMBER_FIELDS``: 400) and a bare 429: ``ErrorPagesMiddleware``. It refuses oversized requests
  before anything reads them, so they are a 413/400 even with ``DEBUG=True`` (Django's debug page would otherwise
  answer a SuspiciousOperation with HTML).
- 500 and 503: ``server_error``. When the database cannot be reached (a restart, a failover), the answer is 503 with
  Retry-After: the request can be sent again in a few seconds and nothing was saved. Those pages never touch the
  database or the session: both may be down.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from api.errors import error_body

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
API_PREFIX = "/api/"

# status -> (API error code, page title, what happened and what to do). The way back is on every page.
PAGES = {
    400: (
        "bad_request",
        _("We could not read this request"),
        _("The link or the form sent something we could not read. Go back, check what you typed and try again."),
    ),
    403: (
        "forbidden",
        _("This page is not open to you"),
        _("You do not have access to this page. If you work for a centre, log in with your own account."),
    ),
    404: (
        "not_found",
        _("Page not found"),
        _("This page does not exist or has moved. The buttons below lead back to the site."),
    ),
    405: (
        "method_not_allowed",
        _("This action is not possible here"),
        _("This address does not accept this kind of request. Go back to the page and use its links and buttons."),
    ),
    413: (
        "too_large",
        _("Too much was sent at once"),
        _("What was sent is too large for us to read. Send less, or shorter text, and try again."),
    ),
    429: (
        "too_many_requests",
        _("Too many attempts"),
        _("Many requests came from your connection in a short time. Please wait a moment and try again."),
    ),
}
CSRF_PAGE = (
    _("This form has expired"),
    _(
        "For your safety, a form can only be sent from the page that showed it, with cookies allowed. Go back,"
        " reload the page and send the form again."
    ),
)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request: HttpRequest, status: int, *, title=None, message=None, code=None) -> HttpResponse:
    """The error ``status`` in the API's JSON shape, or as a page of the site."""
    default_code, default_title, default_message = PAGES[status]
    code = code or default_code
    if is_api(request):
        return JsonResponse(error_body(code, str(message or default_message)), status=status)
    context = {"status": status, "title": title or default_title, "message": message or default_message}
    return render(request, "pages/error.html", context, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413)
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's default is a bare English "403 Forbidden"."""
    return error_response(request, 403, title=CSRF_PAGE[0], message=CSRF_PAGE[1])


def _field_count(query_string: str) -> int:
    return query_string.count("&") + query_string.count(";") + 1 if query_string else 0


class ErrorPagesMiddleware:
    """Refuse oversized requests before anything reads them; give bare 405 and 429 answers their page or JSON.

    Sits after LocaleMiddleware, so the pages are in the person's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return error_response(request, 413)
        fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        if fields is not None and _field_count(request.META.get("QUERY_STRING", "")) > fields:
            message = _("This link has too many parameters to be read.")
            return error_response(request, 400, message=message, code="too_many_values")
        response = self.get_response(request)
        if response.status_code in (405, 429) and not _has_body(response):
            refusal = error_response(request, response.status_code)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    refusal[header] = response[header]
            return refusal
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A body or form read inside a view that turns out too big: 413/400, in DEBUG too."""
        if isinstance(exception, RequestDataTooBig):
            return error_response(request, 413)
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return error_response(request, 400)
        return None


def _has_body(response: HttpResponse) -> bool:
    if getattr(response, "streaming", False):
        return True
    if response.get("Content-Type", "").startswith("application/json"):
        return True
    return bool(response.content.strip()) and not response.content.startswith(b"Method not allowed")


def database_unreachable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the uncaught exception, which sys.exc_info() still holds."""
    unreachable = database_unreachable(sys.exc_info()[1])
    status = 503 if unreachable else 500
    if is_api(request):
        response = JsonResponse(error_body("unavailable" if unreachable else "server_error"), status=status)
    else:
        template = "pages/unavailable.html" if unreachable else "pages/server_error.html"
        html = render_to_string(template, {"LANGUAGE_CODE": get_language() or "fr", "retry": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=status)
    if unreachable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        logger.warning("database unreachable: answered 503 to %s", request.path)
    return response
