"""The public finder: search page, place suggestions, organisation and service point pages."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.models import Organization, ServiceKind
from directory.queries import service_point_detail_queryset, service_points_for_listing
from eligibility.profile import profile_from_session
from geography.models import Region
from geography.resolve import suggest_places
from pages.layout import page_context, page_holes
from posters.meta import organization_preview, page_meta, point_preview, region_preview
from posters.share import share_code, share_url
from speed import pagecache
from speed.fragments import fragments
from speed.shells import render_shelled

from .cards import card_for, format_phone, map_data
from .forms import DEFAULT_RADIUS_KM, SearchForm
from .results import resolve_origin, results_for
from .structured import json_ld, organization_data, service_point_data
from .tracking import search_event_record

SUGGESTION_PREFIX_MAX = 60
CHANGE_PARAM = "change"


def _query(params: QueryDict, **changes) -> str:
    """The current query string with some values replaced (None removes one): for shareable links."""
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = str(value)
    return "?" + query.urlencode() if query else "?"


def _kind_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """The kinds of service, kept per data version and language (speed/fragments.py)."""

    def make(keys: list[str]) -> dict[str, list[tuple[str, str]]]:
        return {keys[0]: [(kind.slug, kind.name) for kind in ServiceKind.objects.order_by("position", "slug")]}

    return list(fragments(request, "kind-choices", get_language() or "fr", ["all"], make)["all"])


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """GET form and results on the same page, so a search is a URL that can be shared, bookmarked and printed.

    A search that cannot run (invalid field, unknown place) answers 400 with the form and a clear message.
    """
    submitted = any(key in request.GET for key in ("where", "lat", "lon"))
    # "Change" on a results page: the form filled in with the search, without running it.
    changing = submitted and CHANGE_PARAM in request.GET
    data = request.GET.copy()
    data.pop(CHANGE_PARAM, None)
    data.setdefault("radius", str(DEFAULT_RADIUS_KM))
    form = SearchForm(data if submitted else None, kind_choices=_kind_choices(request))
    profile = profile_from_session(request)
    context = {"form": form, "submitted": submitted and not changing, "has_profile": profile is not None}
    if not submitted:
        return render(request, "finder/search.html", context)
    if changing:
        form.is_valid()  # the fields show what was typed, and what was wrong with it
        return render(request, "finder/search.html", context)
    if not form.is_valid():
        return render(request, "finder/search.html", context, status=400)
    resolution = resolve_origin(form)
    if not resolution.ok:
        context["resolution"] = resolution
        context["suggestion_links"] = [
            (name, _query(request.GET, where=name, lat=None, lon=None, page=None)) for name in resolution.suggestions
        ]
        return render(request, "finder/search.html", context, status=400)
    results = results_for(form, resolution.origin, profile=profile, request=request)
    search_event_record(request, results)
    context["results"] = results
    # Guides for the clientèles the person chose (everyone's guides otherwise), linked once below the results.
    context["guide_clienteles"] = results.clienteles or ("general-public",)
    map_points = results.map_data
    context["map_data"] = map_points
    # What the page prints that changes from one search to the next: the holes of its kept shell (speed/shells.py).
    holes = {
        "place": results.origin.label,
        "radius": results.radius_km,
        "total": results.total,
        "filter_count": form.filter_count(),
        "change_url": _query(request.GET, page=None, **{CHANGE_PARAM: "1"}) + "#id_where",
        "first_rank": results.first_rank,
        "page": results.page,
        "page_count": results.page_count,
        "previous_url": _query(request.GET, page=results.page - 1) if results.page > 1 else "",
        "next_url": _query(request.GET, page=results.page + 1) if results.has_next else "",
        "first_page_url": _query(request.GET, page=None),
        "cards_html": mark_safe("".join(f"<li>{card.html}</li>" for card in results.cards)),  # noqa: S308 - cards
        "map_script": json_script(map_points, "finder-map-data") if map_points.get("points") else "",
    }
    if results.wider_radius_km:
        context["wider_url"] = _query(request.GET, radius=results.wider_radius_km, page=None)
    context["relaxations"] = [
        (relaxation, _query(request.GET, page=None, **dict.fromkeys(relaxation.drop)))
        for relaxation in results.relaxations
    ]
    if not (results.cards and pagecache.cache_key(request)):  # a session, a user, or a page without results
        return render(request, "finder/search.html", {**context, **holes})
    holes.update(page_holes(request))
    shape = (
        results.total_is_capped,
        results.served_only,
        results.clienteles,
        min(results.total, 2),  # the plural form, in French as in English
        min(holes["filter_count"], 2),
        bool(holes["previous_url"]),
        bool(holes["next_url"]),
        bool(map_points.get("points")),
    )
    return HttpResponse(render_shelled(request, "finder/search.html", context, holes, shape, build=page_context))


@require_safe
def places(request: HttpRequest) -> JsonResponse:
    """Place names starting with what the person typed, for the search field's suggestions (JSON list)."""
    prefix = request.GET.get("q", "")[:SUGGESTION_PREFIX_MAX].strip()
    names = suggest_places(prefix, limit=8) if len(prefix) >= 2 else []
    return JsonResponse({"places": names})


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "finder/not_found.html", status=404)


@require_safe
def organization(request: HttpRequest, slug: str) -> HttpResponse:
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        return _not_found(request)
    points = (
        service_points_for_listing().filter(service__organization=found).order_by("location__name", "service__name")
    )
    cards = [card_for(point) for point in points]
    context = {
        "organization": found,
        "cards": cards,
        "organization_phones": [
            line for phone in found.phones.all() if (line := format_phone(phone.number, phone.extension))
        ],
        "map_data": map_data(cards),
        "json_ld": json_ld(organization_data(found, cards, settings.SITE_URL)),
        "page_meta": page_meta(
            request,
            title=found.name,
            description=_organization_description(found),
            kind="organization",
            key=found.slug,
            text=organization_preview(found, translation.get_language()),
        ),
    }
    return render(request, "finder/organization.html", context)


def _organization_description(organization: Organization) -> str:
    if organization.description:
        return organization.description[:200]
    return _("%(name)s: free public employment services in Québec. Addresses, hours and phone numbers.") % {
        "name": organization.name
    }


@require_safe
def service_point(request: HttpRequest, pk: int) -> HttpResponse:
    point = service_point_detail_queryset().filter(pk=pk).first()
    if point is None:
        return _not_found(request)
    card = card_for(point, detailed=True)
    context = {
        "card": card,
        "map_data": map_data([card]),
        "json_ld": json_ld(service_point_data(card, settings.SITE_URL)),
        "share_url": share_url(share_code(point.uuid)),
        "page_meta": page_meta(
            request,
            title=f"{card.organization_name} — {card.service_name}",
            description=_(
                "%(service)s by %(name)s in %(place)s: free public employment service. Address, hours, phone and "
                "directions."
            )
            % {"service": card.service_name, "name": card.organization_name, "place": point.location.municipality.name},
            kind="point",
            key=str(point.pk),
            text=point_preview(point, translation.get_language()),
        ),
    }
    return render(request, "finder/service_point.html", context)


REGION_PAGE_SIZE = 50


@require_safe
def region(request: HttpRequest, code: str) -> HttpResponse:
    """A region's centres, alphabetical by municipality: where the region's posters lead."""
    from posters.content import region_points

    found = Region.objects.filter(code=code).first()
    if found is None:
        return _not_found(request)
    page = Paginator(region_points(code), REGION_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "region": found,
        "page": page,
        "cards": [card_for(point) for point in page.object_list],
        "page_meta": page_meta(
            request,
            title=_("Employment centres in %(region)s") % {"region": found.name},
            description=_(
                "The free public employment centres of %(region)s, by municipality: addresses, hours and phone numbers."
            )
            % {"region": found.name},
            kind="region",
            key=found.code,
            text=region_preview(found, translation.get_language()),
        ),
    }
    return render(request, "finder/region.html", context)
