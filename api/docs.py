"""Human documentation of the API at /api/v1/docs: a server-rendered, bilingual page built from the OpenAPI schema.

Django Ninja's Swagger UI needs "ninja" in INSTALLED_APPS for its vendored files (otherwise it loads them from a
CDN, which the CSP and the no-network rule forbid); this page needs neither JavaScript nor a CDN.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja.openapi.docs import DocsBase

from .errors import MESSAGES

LANGUAGES = ("fr", "en")

SUMMARIES = {
    "api_api_search": _(
        "The service points nearest to a place, nearest first, with the distance in km. Give a postal code, the "
        "first three characters of one, or a municipality in near=, or a latitude and longitude."
    ),
    "api_api_organization": _("One organisation with its services, its locations and their opening hours."),
    "api_api_clienteles": _("The clientèles (groups of people) a service can be for; use their slugs in searches."),
    "api_api_regions": _("The 17 administrative regions of Québec."),
    "api_api_region": _("One region, with its number of municipalities and service points and its boundary."),
    "api_api_municipalities": _("Municipalities whose name contains the text (accents and case ignored)."),
}

PARAMETERS = {
    "near": _("Postal code (H2X 1Y4), its first three characters (H2X) or a municipality (Trois-Rivières)."),
    "lat": _("Latitude in decimal degrees, with lon, instead of near."),
    "lon": _("Longitude in decimal degrees, with lat, instead of near."),
    "clientele": _("Only services for these clientèles; repeat it or separate slugs with commas."),
    "kind": _("Only these kinds of service; repeat it or separate slugs with commas."),
    "language": _("Only services given in these languages (fr, en…)."),
    "radius_km": _("How far to look, in kilometres."),
    "limit": _("How many results to return."),
    "offset": _("How many results to skip, to get the next page."),
    "lang": _("Language of the texts and messages: fr or en. Without it, the Accept-Language header decides."),
    "q": _("Part of the municipality's name."),
    "region": _("Region code, from 01 to 17."),
    "organization_id": _("The organisation's id, as given in search results."),
    "code": _("Region code, from 01 to 17."),
}

TYPES = {
    "string": _("text"),
    "integer": _("whole number"),
    "number": _("number"),
    "boolean": _("true or false"),
    "array": _("list"),
}


def _plain_schema(schema: dict) -> dict:
    """The non-null branch of an optional parameter's schema."""
    for branch in schema.get("anyOf", []):
        if branch.get("type") != "null":
            return {**schema, **branch}
    return schema


def parameter_type(schema: dict) -> str:
    """ "whole number, 1 to 100, default 20" in the active language."""
    schema = _plain_schema(schema)
    parts = [str(TYPES.get(schema.get("type", ""), schema.get("type", "")))]
    if "enum" in schema:
        parts.append(" | ".join(str(value) for value in schema["enum"]))
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum")
    if low is not None and high is not None:
        strict = "exclusiveMinimum" in schema
        template = gettext("more than %(low)s, at most %(high)s") if strict else gettext("%(low)s to %(high)s")
        parts.append(template % {"low": low, "high": high})
    if "maxLength" in schema:
        parts.append(gettext("at most %(count)s characters") % {"count": schema["maxLength"]})
    if schema.get("default") not in (None, []):
        parts.append(gettext("default %(value)s") % {"value": schema["default"]})
    return ", ".join(parts)


def operations(schema: dict) -> list[dict]:
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": SUMMARIES.get(operation.get("operationId"), operation.get("summary", "")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": parameter_type(parameter.get("schema", {})),
                            "description": PARAMETERS.get(parameter["name"], parameter.get("description", "")),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "statuses": sorted(operation.get("responses", {})),
                }
            )
    return found


class HumanDocs(DocsBase):
    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        requested = request.GET.get("lang")
        language = requested if requested in LANGUAGES else translation.get_language()
        with translation.override(language):
            schema = api.get_openapi_schema(path_params=kwargs)
            docs_path = request.path
            context = {
                "api_title": schema["info"]["title"],
                "api_version": schema["info"]["version"],
                "operations": operations(schema),
                "errors": [(code, str(message)) for code, message in MESSAGES.items()],
                "openapi_url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs),
                # The docs URL has no language prefix: the language links switch with ?lang= instead.
                "language_links": [
                    {
                        "code": code,
                        "name": translation.get_language_info(code)["name_local"].capitalize(),
                        "url": f"{docs_path}?lang={code}",
                    }
                    for code in LANGUAGES
                ],
            }
            response = render(request, "api/docs.html", context)
        response.headers["Content-Language"] = language
        return response
