"""The public JSON API (Django Ninja): OpenAPI schema at /api/v1/openapi.json, human docs at /api/v1/docs.

Views stay thin: parse the query (typed parameters), call the geography and finder functions, shape the answer with
api/listing.py. Every refusal is an ``ApiError`` rendered as ``{"error": {"code", "message"}}`` (api/errors.py).
"""

import json
from functools import wraps

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI, Query
from ninja.responses import NinjaJSONEncoder

from directory.models import Clientele, Location, Organization, Service, ServiceKind
from eligibility.api import router as eligibility_router
from eligibility.engine import Answers
from eligibility.finder import compare_for_rows, decision_to_dict
from eligibility.profile import PARAMS as PROFILE_PARAMS
from eligibility.profile import answers_from_query
from finder.search import SearchParams
from finder.search import search as find_service_points
from geography.models import Municipality, Region
from lib.text import fold

from . import listing
from .docs import HumanDocs
from .errors import ERROR_RESPONSES, ApiError, install_error_handlers
from .origin import origin_for
from .schemas import (
    ClienteleOut,
    Lang,
    MunicipalityOut,
    MunicipalityQuery,
    OrganizationOut,
    RegionDetailOut,
    RegionOut,
    SearchOut,
    SearchQuery,
)

DESCRIPTION = """Find the public employment services of Québec nearest to a place.

Texts are in French by default; add `lang=en` (or send `Accept-Language: en`) for English. Every error answers
`{"error": {"code": "...", "message": "..."}}` with a 4xx status and a message in the requested language."""

api = NinjaAPI(
    title="Trouve ton X API", version="1.0.0", urls_namespace="api", description=DESCRIPTION, docs=HumanDocs()
)
install_error_handlers(api)

LANGUAGES = ("fr", "en")
MAX_VALUES = 20


def with_language(run):
    """Answer (errors included) in the language of ``lang=``, else of Accept-Language (LocaleMiddleware), else fr."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        requested = request.GET.get("lang")
        language = requested if requested in LANGUAGES else translation.get_language()
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


api.add_decorator(with_language, mode="view")
api.add_router("/eligibility", eligibility_router)


def clean_text(value: str) -> str:
    """Text parameters never reach the database with a NUL byte (PostgreSQL refuses them)."""
    if "\x00" in value:
        raise ApiError("invalid_parameter")
    return value.strip()


def slugs(values: list[str]) -> tuple[str, ...]:
    """Repeated parameters and comma lists both work: clientele=youth&clientele=women or clientele=youth,women."""
    found: list[str] = []
    for value in values:
        for part in clean_text(value).split(","):
            part = part.strip()
            if part and part not in found:
                found.append(part)
    if len(found) > MAX_VALUES:
        raise ApiError("too_many_values")
    return tuple(found)


def known_slugs(model, values: tuple[str, ...], code: str) -> tuple[str, ...]:
    if values:
        known = set(model.objects.filter(slug__in=values).values_list("slug", flat=True))
        if any(value not in known for value in values):
            raise ApiError(code, suggestions=list(model.objects.values_list("slug", flat=True)[:50]))
    return values


@api.get(
    "/search",
    response={200: SearchOut, **ERROR_RESPONSES},
    tags=["search"],
    summary="Service points nearest to a place",
)
def search(request: HttpRequest, query: Query[SearchQuery]):
    """Service points within `radius_km` of the place, nearest first, with `total` for paging."""
    clienteles = known_slugs(Clientele, slugs(query.clientele), "unknown_clientele")
    kinds = known_slugs(ServiceKind, slugs(query.kind), "unknown_kind")
    languages = tuple(code.lower()[:3] for code in slugs(query.language))
    near = clean_text(query.near) if query.near is not None else None
    origin = origin_for(near=near, lat=query.lat, lon=query.lon)
    params = SearchParams(
        latitude=origin["latitude"],
        longitude=origin["longitude"],
        clienteles=clienteles,
        radius_km=query.radius_km,
        limit=query.limit,
        offset=query.offset,
        kinds=kinds,
        languages=languages,
    )
    profile = profile_for(request)
    hits, total = find_service_points(params)
    envelope = {"origin": origin, "total": total, "limit": query.limit, "offset": query.offset}
    if profile is None:  # each result's JSON kept per data version (api/listing.py), the distance written here
        return search_response(envelope, listing.results_json(hits, request))
    results = listing.results_for(hits)
    if profile is not None:
        rows = [(r["id"], r["location"]["region_code"], r["service"]["id"], r["organization"]["id"]) for r in results]
        comparisons = compare_for_rows(profile, rows, request=request)
        for row in results:
            comparison = comparisons[row["id"]]
            row["eligibility"] = {
                **decision_to_dict(comparison.current),
                "universal": decision_to_dict(comparison.universal),
            }
    return {**envelope, "results": results}


def search_response(envelope: dict, results: list[str]) -> HttpResponse:
    """SearchOut as ninja renders it, its results already JSON texts."""
    head = json.dumps(SearchOut.model_validate({**envelope, "results": []}).model_dump(), cls=NinjaJSONEncoder)
    body = head.removesuffix("[]}") + "[" + ", ".join(results) + "]}"
    return HttpResponse(body, content_type=api.get_content_type())


def profile_for(request: HttpRequest) -> Answers | None:
    """The eligibility profile given in the query, or None when no eligibility parameter is present."""
    if not any(key in request.GET for key in PROFILE_PARAMS):
        return None
    answers, errors = answers_from_query(request.GET)
    if errors:
        raise ApiError("invalid_profile", message=" ".join(error.message for error in errors))
    return answers


def organization_queryset():
    active_services = Service.objects.filter(status=Service.Status.ACTIVE).prefetch_related(
        "clienteles", "kinds", "languages", "phones"
    )
    locations = Location.objects.select_related("municipality").prefetch_related(
        "addresses", "phones", "schedules", "accessibility", "service_at_locations"
    )
    return Organization.objects.prefetch_related(
        "phones", Prefetch("services", queryset=active_services), Prefetch("locations", queryset=locations)
    )


@api.get(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **ERROR_RESPONSES},
    tags=["directory"],
    summary="One organisation with its services and locations",
)
def organization(request: HttpRequest, organization_id: int, lang: Lang | None = None):
    found = organization_queryset().filter(pk=organization_id).first() if 0 < organization_id < 2**63 else None
    if found is None:
        raise ApiError("not_found", status=404)
    return listing.organization_dict(found)


@api.get("/clienteles", response={200: list[ClienteleOut], **ERROR_RESPONSES}, tags=["directory"], summary="Clientèles")
def clienteles(request: HttpRequest, lang: Lang | None = None):
    return [
        {"slug": item.slug, "name": item.name or "", "description": item.description or ""}
        for item in Clientele.objects.all()
    ]


def region_dict(region: Region) -> dict:
    return {
        "code": region.code,
        "name": region.name,
        "latitude": region.label_lat,
        "longitude": region.label_lon,
        "population": region.population,
    }


@api.get("/regions", response={200: list[RegionOut], **ERROR_RESPONSES}, tags=["geography"], summary="The 17 regions")
def regions(request: HttpRequest, lang: Lang | None = None):
    return [region_dict(region) for region in Region.objects.defer("boundary")]


@api.get(
    "/regions/{code}",
    response={200: RegionDetailOut, **ERROR_RESPONSES},
    tags=["geography"],
    summary="One region, with its boundary (GeoJSON geometry)",
)
def region(request: HttpRequest, code: str, lang: Lang | None = None):
    found = (
        Region.objects.annotate(
            municipality_count=Count("municipalities", distinct=True),
            service_point_count=Count(
                "service_at_locations", filter=Q(service_at_locations__is_active=True), distinct=True
            ),
        )
        .filter(pk=clean_text(code)[:2])
        .first()
        if len(code) == 2
        else None
    )
    if found is None:
        raise ApiError("not_found", status=404)
    return {
        **region_dict(found),
        "municipality_count": found.municipality_count,
        "service_point_count": found.service_point_count,
        "boundary": found.boundary,
    }


@api.get(
    "/municipalities",
    response={200: list[MunicipalityOut], **ERROR_RESPONSES},
    tags=["geography"],
    summary="Municipalities by name (accents and case ignored) and region",
)
def municipalities(request: HttpRequest, query: Query[MunicipalityQuery]):
    found = Municipality.objects.select_related("region").defer("region__boundary")
    if query.region is not None:
        region_code = clean_text(query.region)
        if not Region.objects.filter(pk=region_code).exists():
            raise ApiError("unknown_region")
        found = found.filter(region_id=region_code)
    key = fold(clean_text(query.q))
    if key:
        found = found.filter(name_key__contains=key).annotate(
            rank=Case(When(name_key__startswith=key, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        found = found.order_by("rank", "-population", "name")
    else:
        found = found.order_by("-population", "name")
    return [
        {
            "code": item.code,
            "name": item.name,
            "designation": item.designation,
            "region": {"code": item.region.code, "name": item.region.name},
            "latitude": item.latitude,
            "longitude": item.longitude,
            "population": item.population,
        }
        for item in found[: query.limit]
    ]
