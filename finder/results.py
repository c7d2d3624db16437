"""Run a search for the finder's page: resolve the place, rank, load the page of cards, and never end in a dead end."""

import math
from dataclasses import dataclass, field

from directory.queries import service_points_for_listing
from geography.resolve import Origin, Resolution, resolve_coordinates, resolve_place

from .cards import Card, card_for, map_data
from .forms import PAGE_SIZE, RADIUS_CHOICES, SearchForm
from .search import COUNT_LIMIT, Hit, SearchParams, nearest_anyway, search

NEAREST_ANYWAY = 5
RADII = [int(value) for value, _label in RADIUS_CHOICES]


@dataclass
class Results:
    origin: Origin
    radius_km: int
    cards: list[Card]
    total: int
    page: int
    page_count: int
    clienteles: tuple[str, ...] = ()
    total_is_capped: bool = False  # the count stopped at COUNT_LIMIT: there are at least that many
    nearest: list[Card] = field(default_factory=list)  # only when nothing is within the radius
    wider_radius_km: int | None = None

    @property
    def map_data(self) -> dict:
        return map_data(self.cards or self.nearest, self.origin)

    @property
    def first_rank(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def has_next(self) -> bool:
        if self.total_is_capped:
            return len(self.cards) == PAGE_SIZE
        return self.page < self.page_count


def cards_for(hits: list[Hit]) -> list[Card]:
    """The cards of a page of hits, in the hits' order, in a constant number of queries."""
    points = service_points_for_listing().in_bulk([hit.service_point_id for hit in hits])
    return [card_for(points[hit.service_point_id], hit.distance_km) for hit in hits if hit.service_point_id in points]


def resolve_origin(form: SearchForm) -> Resolution:
    """What the person typed; otherwise the browser's position (a typed place wins over a stale position)."""
    data = form.cleaned_data
    where = (data.get("where") or "").strip()
    if not where and data.get("lat") is not None and data.get("lon") is not None:
        return resolve_coordinates(data["lat"], data["lon"])
    return resolve_place(where)


def wider_radius(radius_km: int, nearest_km: float | None = None) -> int | None:
    """The smallest offered radius above the current one that reaches the nearest centre (None: none does)."""
    reach = max(radius_km + 1, nearest_km or 0)
    return next((radius for radius in RADII if radius >= reach), None)


def results_for(form: SearchForm, origin: Origin) -> Results:
    """Nearest-first results for a valid form; when none is within reach, the nearest centres at any distance."""
    data = form.cleaned_data
    radius = data.get("radius") or RADII[2]
    page = data.get("page") or 1
    clienteles = form.clienteles()
    params = SearchParams(
        latitude=origin.latitude,
        longitude=origin.longitude,
        clienteles=clienteles,
        radius_km=radius,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        kinds=tuple(data.get("kind") or ()),
        languages=tuple(data.get("language") or ()),
        count_limit=COUNT_LIMIT,
    )
    hits, total = search(params)
    results = Results(
        origin=origin,
        radius_km=radius,
        cards=cards_for(hits),
        total=total,
        page=page,
        page_count=max(1, math.ceil(total / PAGE_SIZE)),
        clienteles=clienteles,
        total_is_capped=total >= COUNT_LIMIT,
    )
    if total == 0:
        nearest = nearest_anyway(origin.latitude, origin.longitude, limit=NEAREST_ANYWAY, clienteles=clienteles)
        results.nearest = cards_for(nearest)
        results.wider_radius_km = wider_radius(radius, nearest[0].distance_km if nearest else None)
    return results
