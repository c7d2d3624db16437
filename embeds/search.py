"""The embedded finder's search: the finder's own functions (finder/results.py, finder/search.py), called as they are,
with an optional restriction to one region or one organisation."""

from __future__ import annotations

from directory.models import ServiceAtLocation
from finder.forms import DEFAULT_RADIUS_KM, SearchForm
from finder.results import Results, cards_for, results_for
from finder.search import MAX_LIMIT, Hit, SearchParams, search
from geography.points import haversine_km
from geography.resolve import Origin

from .options import PRESETS, EmbedOptions

SHOWN = 10  # a compact list; the full site has the rest


def finder_form(where: str, options: EmbedOptions) -> SearchForm:
    """The finder's own form, filled as the full site would be for the same place and clientèle."""
    data = {"where": where, "radius": str(DEFAULT_RADIUS_KM)}
    if options.clientele in PRESETS:
        field, value = PRESETS[options.clientele]
        data[field] = value
    return SearchForm(data)


def embed_results(form: SearchForm, origin: Origin, options: EmbedOptions) -> Results:
    """The nearest centres (SHOWN at most); restricted to the organisation or the region when the snippet says so."""
    if options.organization:
        return _restricted(form, origin, _organization_hits(origin, options.organization))
    if options.region:
        return _restricted(form, origin, _region_hits(form, origin, options.region))
    results = results_for(form, origin)
    results.cards = results.cards[:SHOWN]
    results.nearest = results.nearest[:SHOWN]
    return results


def _organization_hits(origin: Origin, slug: str) -> list[Hit]:
    """Every active point of the organisation, nearest first, at any distance (a centre has a few points)."""
    rows = ServiceAtLocation.objects.filter(is_active=True, service__organization__slug=slug).values_list(
        "id", "latitude", "longitude"
    )
    hits = [Hit(pk, haversine_km(origin.latitude, origin.longitude, lat, lon)) for pk, lat, lon in rows[:500]]
    return sorted(hits, key=lambda hit: (hit.distance_km, hit.service_point_id))[:SHOWN]


def _region_hits(form: SearchForm, origin: Origin, region: str) -> list[Hit]:
    """The region's points among the nearest MAX_LIMIT within the finder's radius."""
    params = SearchParams(
        latitude=origin.latitude, longitude=origin.longitude, clienteles=form.clienteles(),
        radius_km=form.cleaned_data.get("radius") or DEFAULT_RADIUS_KM, limit=MAX_LIMIT,
    )  # fmt: skip
    hits, _total = search(params)
    inside = set(
        ServiceAtLocation.objects.filter(pk__in=[hit.service_point_id for hit in hits], region_id=region).values_list(
            "pk", flat=True
        )
    )
    return [hit for hit in hits if hit.service_point_id in inside][:SHOWN]


def _restricted(form: SearchForm, origin: Origin, hits: list[Hit]) -> Results:
    cards, _comparisons = cards_for(hits)
    radius = form.cleaned_data.get("radius") or DEFAULT_RADIUS_KM
    return Results(origin=origin, radius_km=radius, cards=cards, total=len(cards), page=1, page_count=1,
                   clienteles=form.clienteles())  # fmt: skip
