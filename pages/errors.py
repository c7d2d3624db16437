"""What a person sees when the server fails: a page in their language that says what to do, never a bare 500.

When the database cannot be reached (a restart, a failover), the answer is 503 with Retry-After: the request can be
sent again in a few seconds and nothing was saved. Any other failure is a 500 with the same kind of page. The API
answers with its JSON error shape instead. These views never touch the database or the session: both may be down.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from api.errors import error_body

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def database_unreachable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the uncaught exception, which sys.exc_info() still holds."""
    unreachable = database_unreachable(sys.exc_info()[1])
    status = 503 if unreachable else 500
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body("unavailable" if unreachable else "server_error"), status=status)
    else:
        template = "pages/unavailable.html" if unreachable else "pages/server_error.html"
        html = render_to_string(template, {"LANGUAGE_CODE": get_language() or "fr", "retry": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=status)
    if unreachable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        logger.warning("database unreachable: answered 503 to %s", request.path)
    return response
