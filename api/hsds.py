"""The Open Referral HSDS 3.0 API under /api/hsds/ (read-only, public): the official endpoints, filters and paging
envelope, answers shaped by directory/hsds/export.py. Documented at /api/hsds/openapi.json and /api/hsds/docs."""

import math
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import NinjaAPI

from directory.hsds import export, files, profile, tabular
from directory.hsds.schemas import HSDS_VERSION
from directory.models import Organization, Service, ServiceAtLocation
from geography.points import haversine_km
from geography.resolve import resolve_place

from .api import clean_text, with_language
from .docs import HumanDocs
from .errors import ApiError, install_error_handlers
from .hsds_pages import page_rows

DESCRIPTION = """The directory in the Open Referral Human Services Data Specification (HSDS) 3.0, Québec profile.

Texts are single-language as HSDS wants: French by default, `lang=en` for English. Lists answer the HSDS paging
envelope (`total_items`, `total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`, `contents`);
`format=ndjson` streams every result, one object a line, without paging."""

hsds_api = NinjaAPI(
    title="Trouve ton X — HSDS 3.0",
    version=HSDS_VERSION,
    urls_namespace="hsds",
    description=DESCRIPTION,
    docs=HumanDocs(),  # server-rendered, no CDN (api/docs.py)
)
install_error_handlers(hsds_api)
hsds_api.add_decorator(with_language, mode="view")

PER_PAGE = 50
MAX_PER_PAGE = 200
PROFILE_FILE = Path(settings.BASE_DIR) / profile.PROFILE_PATH


def _lang(request: HttpRequest) -> str:
    from django.utils import translation

    return "en" if translation.get_language() == "en" else "fr"


def _uuid(value: str | None, *, missing_is_404: bool = False) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(clean_text(value))
    except ValueError:
        if missing_is_404:
            raise ApiError("not_found", status=404) from None
        raise ApiError("invalid_parameter") from None


def _modified_after(value: str | None):
    if not value:
        return None
    value = clean_text(value)
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ApiError("invalid_parameter")
        moment = parse_datetime(f"{day.isoformat()}T00:00:00")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _page(
    request: HttpRequest, items: QuerySet, shape, page: int, per_page: int, fmt: str | None, *, indexed: bool = False
) -> Any:
    """The HSDS paging envelope, or every item as ndjson. `indexed`: the list is unfiltered (hsds_pages.py)."""
    if fmt not in (None, "", "json", "ndjson"):
        raise ApiError("invalid_parameter")
    if fmt == "ndjson":

        def lines() -> Iterator[str]:
            for item in items.iterator(chunk_size=export.CHUNK):
                yield files.dumps(shape(item)) + "\n"

        return StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    _check_paging(page, per_page)
    total, rows = page_rows(items, page, per_page, indexed=indexed)
    return _envelope(total, page, per_page, [shape(row) for row in rows])


def _check_paging(page: int, per_page: int) -> None:
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError("invalid_parameter")


def _envelope(total: int, page: int, per_page: int, contents: list[dict[str, Any]]) -> dict[str, Any]:
    """The HSDS paging envelope (openapi.json's Page) around one page of `contents`."""
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _with_last_modified(values: dict[str, Any], s: Service) -> dict[str, Any]:
    values["last_modified"] = s.updated_at.isoformat()
    return values


def _service_filters(
    services: QuerySet[Service],
    *,
    search: str | None,
    taxonomy_term_id: str | None,
    taxonomy_id: str | None,
    organization_id: str | None,
    modified_after: str | None,
    prefix: str = "",
) -> QuerySet:
    if search and (words := clean_text(search)[:200]):
        services = services.filter(
            Q(**{f"{prefix}name_fr__icontains": words})
            | Q(**{f"{prefix}name_en__icontains": words})
            | Q(**{f"{prefix}description_fr__icontains": words})
            | Q(**{f"{prefix}description_en__icontains": words})
        )
    if (term := _uuid(taxonomy_term_id)) is not None:
        services = services.filter(Q(**{f"{prefix}clienteles__uuid": term}) | Q(**{f"{prefix}kinds__uuid": term}))
    if (taxonomy := _uuid(taxonomy_id)) is not None:
        if taxonomy == profile.CLIENTELES.uuid:
            services = services.filter(**{f"{prefix}clienteles__isnull": False})
        elif taxonomy == profile.KINDS.uuid:
            services = services.filter(**{f"{prefix}kinds__isnull": False})
        else:
            services = services.none()
    if (org := _uuid(organization_id)) is not None:
        services = services.filter(**{f"{prefix}organization__uuid": org})
    if (moment := _modified_after(modified_after)) is not None:
        services = services.filter(**{f"{prefix}updated_at__gte": moment})
    return services.distinct() if (taxonomy_term_id or taxonomy_id) else services


@hsds_api.get("/", tags=["hsds"], summary="HSDS version and profile of this API")
def root(request: HttpRequest):
    return {
        "version": HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("hsds-profile")),
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    }


@hsds_api.get("/services", tags=["hsds"], summary="Services (paged)")
def services_list(
    request: HttpRequest,
    search: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    format: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: str | None = None,
    minimal: bool = False,
    full: bool = False,
):
    lang = _lang(request)
    services = Service.objects.select_related("organization").order_by("uuid")
    services = _service_filters(
        services,
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
    )
    if minimal:

        def shape(s):
            return {
                "id": str(s.uuid),
                "name": export.text(s, "name", lang),
                "status": s.status,
                "last_modified": s.updated_at.isoformat(),
            }
    elif full:
        services = services.prefetch_related(
            *export.service_prefetches(), *export.location_prefetches("service_at_locations__location__")
        )

        def shape(s):
            return _with_last_modified(export.service(s, lang, nested_locations=True), s)
    else:

        def shape(s):
            return _with_last_modified(export.service_core(s, lang), s)

    unfiltered = not any((search, taxonomy_term_id, taxonomy_id, organization_id, modified_after))
    return _page(request, services, shape, page, per_page, format, indexed=unfiltered)


def _service_full(s: Service, lang: str) -> dict[str, Any]:
    values = _with_last_modified(export.service(s, lang, nested_locations=True), s)
    values["organization"] = export.organization_core(s.organization, lang)
    return values


@hsds_api.get("/services/{service_id}", tags=["hsds"], summary="One service, fully nested")
def service_detail(request: HttpRequest, service_id: str):
    services = Service.objects.select_related("organization").prefetch_related(
        *export.service_prefetches(), *export.location_prefetches("service_at_locations__location__")
    )
    return _service_full(get_object_or_404(services, uuid=_uuid(service_id, missing_is_404=True)), _lang(request))


@hsds_api.get("/organizations", tags=["hsds"], summary="Organisations (paged)")
def organizations_list(
    request: HttpRequest,
    search: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    format: str | None = None,
    full: bool = False,
    full_service: bool = False,
):
    lang = _lang(request)
    orgs = Organization.objects.order_by("uuid")
    if search and (words := clean_text(search)[:200]):
        orgs = orgs.filter(
            Q(name_fr__icontains=words) | Q(name_en__icontains=words) | Q(description_fr__icontains=words)
        )
    if full or full_service:
        orgs = export.organizations_queryset().filter(pk__in=orgs.values("pk")).order_by("uuid")

        def shape(o):
            return export.organization(o, lang)
    else:

        def shape(o):
            return export.organization_core(o, lang)

    return _page(request, orgs, shape, page, per_page, format, indexed=not search)


@hsds_api.get("/organizations/{organization_id}", tags=["hsds"], summary="One organisation, fully nested")
def organization_detail(request: HttpRequest, organization_id: str):
    org = get_object_or_404(export.organizations_queryset(), uuid=_uuid(organization_id, missing_is_404=True))
    return export.organization(org, _lang(request))


def _points() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.select_related("service__organization", "location__organization")


@hsds_api.get("/service_at_locations", tags=["hsds"], summary="Service points (paged)")
def service_at_locations_list(
    request: HttpRequest,
    search: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: str | None = None,
    full: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
    format: str | None = None,
    postcode: str | None = None,
    proximity: str | None = None,
):
    lang = _lang(request)
    points = _service_filters(
        _points().order_by("uuid"),
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
        prefix="service__",
    )
    if postcode:
        place = resolve_place(clean_text(postcode)[:20])
        if place.origin is None:
            raise ApiError("unknown_place", message=place.message)
        if proximity:
            try:
                metres = float(clean_text(proximity))
            except ValueError:
                raise ApiError("invalid_parameter") from None
            if not 0 < metres <= 500_000:
                raise ApiError("invalid_radius")
            lat, lon = place.origin.latitude, place.origin.longitude
            dlat = metres / 111_000
            dlon = dlat / max(0.1, math.cos(math.radians(lat)))
            box = points.filter(latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon))
            inside = [
                pk
                for pk, plat, plon in box.values_list("pk", "latitude", "longitude")
                if haversine_km(lat, lon, plat, plon) * 1000 <= metres
            ]
            points = points.filter(pk__in=inside)
        else:
            # HSDS: the postcode within the service's coverage; here, service points of the postcode's region.
            points = points.filter(region_id=place.origin.region_code)
    if full:
        points = points.prefetch_related(*export.location_prefetches("location__"))

        def shape(p):
            return _point_full(p, lang)
    else:

        def shape(p):
            return export._clean(
                {
                    "id": str(p.uuid),
                    "service_id": str(p.service.uuid),
                    "location_id": str(p.location.uuid),
                    "description": export.text(p, "description", lang),
                    "location": export.location_core(p.location, lang),
                    "service": _with_last_modified(export.service_core(p.service, lang), p.service),
                }
            )

    unfiltered = not any((search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, postcode))
    return _page(request, points, shape, page, per_page, format, indexed=unfiltered)


def _point_full(p: ServiceAtLocation, lang: str) -> dict[str, Any]:
    values = export.service_at_location(p, lang, nested_location=True)
    values["service"] = _with_last_modified(export.service_core(p.service, lang), p.service)
    return values


@hsds_api.get("/service_at_locations/{point_id}", tags=["hsds"], summary="One service point, nested")
def service_at_location_detail(request: HttpRequest, point_id: str):
    points = _points().prefetch_related(*export.location_prefetches("location__"))
    return _point_full(get_object_or_404(points, uuid=_uuid(point_id, missing_is_404=True)), _lang(request))


def _taxonomies() -> dict[str, profile.Taxonomy]:
    return {str(t.uuid): t for t in profile.TAXONOMIES}


@hsds_api.get("/taxonomies", tags=["hsds"], summary="Taxonomies of the Québec profile")
def taxonomies_list(request: HttpRequest, page: int = 1, per_page: int = PER_PAGE):
    lang = _lang(request)
    found = [export.taxonomy_object(t, lang) for t in profile.TAXONOMIES]
    return _list_page(found, page, per_page)


def _list_page(found: list[dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    _check_paging(page, per_page)
    return _envelope(len(found), page, per_page, found[(page - 1) * per_page : page * per_page])


@hsds_api.get("/taxonomies/{taxonomy_id}", tags=["hsds"], summary="One taxonomy")
def taxonomy_detail(request: HttpRequest, taxonomy_id: str):
    taxonomy = _taxonomies().get(str(_uuid(taxonomy_id, missing_is_404=True)))
    if taxonomy is None:
        raise ApiError("not_found", status=404)
    return export.taxonomy_object(taxonomy, _lang(request))


def _terms(lang: str) -> list[dict[str, Any]]:
    return [export.term_object(term, taxonomy, lang) for taxonomy, term in export.taxonomy_terms(lang)]


@hsds_api.get("/taxonomy_terms", tags=["hsds"], summary="Taxonomy terms (clientèles, kinds, profile fields)")
def taxonomy_terms_list(
    request: HttpRequest,
    taxonomy_id: str | None = None,
    search: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
):
    found = _terms(_lang(request))
    if (taxonomy := _uuid(taxonomy_id)) is not None:
        found = [t for t in found if t["taxonomy_id"] == str(taxonomy)]
    if search and (words := clean_text(search).casefold()):
        found = [t for t in found if words in t["name"].casefold() or words in t.get("code", "")]
    return _list_page(found, page, per_page)


@hsds_api.get("/taxonomy_terms/{term_id}", tags=["hsds"], summary="One taxonomy term")
def taxonomy_term_detail(request: HttpRequest, term_id: str):
    wanted = str(_uuid(term_id, missing_is_404=True))
    for term in _terms(_lang(request)):
        if term["id"] == wanted:
            return term
    raise ApiError("not_found", status=404)


@hsds_api.get("/export", tags=["hsds"], summary="The whole directory (or a region, or an organisation) to download")
def export_download(
    request: HttpRequest, format: str = "json", region: str | None = None, organization_id: str | None = None
):
    """HSDS 3.0 publication: `json` (a list of compiled organizations), `ndjson` (one a line) or `datapackage`
    (a zip of CSV files and datapackage.json). Streamed."""
    lang = _lang(request)
    if region is not None and not re.fullmatch(r"0[1-9]|1[0-7]", region):
        raise ApiError("unknown_region")
    org = str(_uuid(organization_id)) if organization_id else None
    records = export.organizations_stream(lang, region=region, organization=org)
    name = f"hsds-{lang}" + (f"-{region}" if region else "")
    if format == "datapackage":
        folder = Path(tempfile.mkdtemp(prefix="hsds-"))
        path = folder / f"{name}.zip"
        tabular.write_package(records, path, [export.taxonomy_object(t, lang) for t in profile.TAXONOMIES])
        handle = path.open("rb")
        shutil.rmtree(folder, ignore_errors=True)  # the open file stays readable until it is closed
        return FileResponse(handle, as_attachment=True, filename=path.name, content_type="application/zip")
    if format not in ("json", "ndjson"):
        raise ApiError("invalid_parameter")
    chunks = files.json_chunks(records) if format == "json" else files.ndjson_chunks(records)
    response = StreamingHttpResponse(
        chunks, content_type="application/json" if format == "json" else "application/x-ndjson; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response


def profile_document(request: HttpRequest) -> HttpResponse:
    """The Québec profile (what is added to HSDS and what each attribute means), as Markdown."""
    return HttpResponse(PROFILE_FILE.read_text(encoding="utf-8"), content_type="text/markdown; charset=utf-8")
