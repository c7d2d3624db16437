"""The API's one error shape, ``{"error": {"code": "...", "message": "..."}}``, and its translated messages.

Every refusal (bad parameter, unknown place, unknown id, validation failure) goes through ``ApiError`` or one of the
handlers registered by ``install_error_handlers`` so that clients never see Django Ninja's default shapes or a 500.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from lib.apischema import ERROR_RESPONSES, ErrorDetail, ErrorOut  # noqa: F401 (re-exported)

# Messages for the codes the API itself emits. Place-resolution errors come with their own message from
# geography.resolve; the place codes here are fallbacks.
MESSAGES = {
    "empty": _("Enter a postal code or a municipality, or give a latitude and longitude."),
    "too_long": _("This text is too long. Enter a postal code or a municipality name."),
    "outside_quebec": _("This place is outside Québec. The directory covers Québec only."),
    "unknown_place": _("No postal code or municipality matches this text."),
    "invalid_coordinates": _("Give both a latitude and a longitude, as decimal numbers."),
    "invalid_radius": _("The search radius must be more than 0 km and at most 500 km."),
    "invalid_limit": _("The number of results must be between 1 and 100."),
    "invalid_offset": _("The offset must be a whole number from 0 to 10,000."),
    "invalid_language": _("The language must be fr or en."),
    "unknown_clientele": _("This clientèle is not in the list. See the clienteles endpoint for the valid values."),
    "unknown_kind": _("This kind of service is not in the list."),
    "unknown_region": _("There is no region with this code. Region codes go from 01 to 17."),
    "too_many_values": _("Too many values were given for this parameter."),
    "invalid_parameter": _("A parameter is missing or not valid."),
    "not_found": _("Nothing was found here. Check the identifier or the path."),
    "unavailable": _("The service cannot reach its data for a moment. Nothing was saved: retry in a few seconds."),
    "server_error": _("Something went wrong on our side. The error has been logged; retry in a moment."),
}

# Query parameter name -> error code, for validation failures reported by Django Ninja.
PARAMETER_CODES = {
    "radius_km": "invalid_radius",
    "limit": "invalid_limit",
    "offset": "invalid_offset",
    "lat": "invalid_coordinates",
    "lon": "invalid_coordinates",
    "lang": "invalid_language",
    "near": "too_long",
    "q": "too_long",
}


# The shapes live in lib/apischema.py so that routers of other apps need nothing from api/.


class ApiError(Exception):
    """A refusal with a stable code; the message is looked up (translated) unless given."""

    def __init__(self, code: str, *, status: int = 400, message: str = "", suggestions: list[str] | None = None):
        self.code = code
        self.status = status
        self.message = message
        self.suggestions = suggestions or []
        super().__init__(code)


def error_body(code: str, message: str = "", suggestions: list[str] | None = None) -> dict:
    text = message or str(MESSAGES.get(code, MESSAGES["invalid_parameter"]))
    body: dict = {"code": code, "message": text}
    if suggestions:
        body["suggestions"] = list(suggestions)
    return {"error": body}


def validation_error_code(errors: list[dict]) -> str:
    """The error code for Ninja's list of pydantic errors: the first parameter we know by name wins."""
    for error in errors:
        loc = error.get("loc") or ()
        name = loc[-1] if loc else ""
        if name in PARAMETER_CODES:
            code = PARAMETER_CODES[name]
            if code == "too_long" and error.get("type") != "string_too_long":
                return "invalid_parameter"
            return code
    return "invalid_parameter"


def install_error_handlers(api: NinjaAPI) -> None:
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(request, error_body(exc.code, exc.message, exc.suggestions), status=exc.status)

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, error_body(validation_error_code(exc.errors)), status=422)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found"), status=404)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = "not_found" if exc.status_code == 404 else "invalid_parameter"
        return api.create_response(request, error_body(code), status=exc.status_code)

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
