"""Run a search for the finder's page: resolve the place, rank, load the page of cards, and never end in a dead end."""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import get_language

from directory.listing import listing_points
from eligibility.engine import Answers, Comparison
from eligibility.finder import can_be_served, compare_for_rows, compare_for_service_points
from geography.resolve import Origin, Resolution, resolve_coordinates, resolve_place
from speed.fragments import fragments

from .cards import Opening, ResultCard, ResultStatic, map_data, opening_in, result_statics
from .forms import PAGE_SIZE, RADIUS_CHOICES, SearchForm
from .search import COUNT_LIMIT, Hit, SearchParams, nearest_anyway, search

NEAREST_ANYWAY = 5
# "Only where I can be served" filters the nearest candidates before paging; beyond these, the person widens nothing.
SERVED_CANDIDATES = 200
RADII = [int(value) for value, _label in RADIUS_CHOICES]


@dataclass(frozen=True)
class Relaxation:
    """A filter that excluded every result, and what dropping it would show within the radius."""

    code: str  # "clienteles", "kind", "language", "served"
    drop: tuple[str, ...]  # the query parameters to remove
    count: int | None  # service points within the radius without this filter (None: not counted)


# (code, form field, query parameters): the filters a person can drop, in the order they are offered.
_FILTERS = [
    ("clienteles", "clienteles", ("age", "situation")),
    ("kind", "kinds", ("kind",)),
    ("language", "languages", ("language",)),
]


@dataclass
class Results:
    origin: Origin
    radius_km: int
    cards: list[ResultCard]
    total: int
    page: int
    page_count: int
    clienteles: tuple[str, ...] = ()
    total_is_capped: bool = False  # the count stopped at COUNT_LIMIT: there are at least that many
    nearest: list[ResultCard] = field(default_factory=list)  # only when nothing is within the radius
    wider_radius_km: int | None = None
    has_profile: bool = False
    served_only: bool = False
    # Eligibility outcome over the service points evaluated (status -> count), and how many universal access serves.
    status_counts: dict[str, int] = field(default_factory=dict)
    universal_served: int = 0
    # Only for an empty result: the filters that excluded everything, and how many points ignore every filter.
    relaxations: list[Relaxation] = field(default_factory=list)
    unfiltered_total: int = 0

    @property
    def nearest_beyond(self) -> bool:
        """Every "nearest anyway" centre lies beyond the radius (so it may be called farther away)."""
        return all((card.distance_km or 0) > self.radius_km for card in self.nearest)

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


def statics_for(ids: list[int], *, request=None) -> dict[int, ResultStatic | None]:
    """The kept part of these points' result cards in the active language: from the fragments of the current data
    version, the others rendered from directory.listing's rows (seven statements, none when every card is kept)."""
    language = "en" if (get_language() or "fr").startswith("en") else "fr"
    return fragments(
        request,
        "result-card",
        language,
        ids,
        lambda missing: result_statics(listing_points(missing, language), request),
    )


def local_now() -> datetime.datetime:
    return timezone.localtime()


def cards_for(
    hits: list[Hit],
    *,
    profile: Answers | None = None,
    comparisons: dict[int, Comparison] | None = None,
    request=None,
) -> tuple[list[ResultCard], dict[int, Comparison]]:
    """The cards of a page of hits, in the hits' order, in a constant number of queries.

    Each card's markup comes from ``statics_for``; the distance, "open now" and, with eligibility answers, the
    decisions (computed here unless ``comparisons`` already holds them) are this request's. Returns the cards and the
    comparisons.
    """
    statics = statics_for([hit.service_point_id for hit in hits], request=request)
    listed = [static for static in statics.values() if static is not None]
    if profile is not None and comparisons is None:
        rows = [(s.point_id, s.region_code, s.service_id, s.organization_id) for s in listed]
        comparisons = compare_for_rows(profile, rows, request=request)
    comparisons = comparisons or {}
    now = local_now()
    openings: dict[tuple, Opening | None] = {}  # centres of a network often share the same hours
    cards = []
    for hit in hits:
        static = statics.get(hit.service_point_id)
        if static is None:
            continue
        if static.ranges not in openings:
            openings[static.ranges] = opening_in(static.ranges, now)
        card = ResultCard(static, hit.distance_km, openings[static.ranges])
        comparison = comparisons.get(static.point_id)
        if comparison is not None:
            card.decision, card.universal_decision = comparison.current, comparison.universal
        cards.append(card)
    return cards, comparisons


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


def results_for(form: SearchForm, origin: Origin, *, profile: Answers | None = None, request=None) -> Results:
    """Nearest-first results for a valid form; when none is within reach, the nearest centres at any distance.

    With eligibility answers, each card carries its decision under today's rules and universal access; "only where
    I can be served" keeps the eligible and to-confirm ones among the SERVED_CANDIDATES nearest.
    """
    data = form.cleaned_data
    radius = data.get("radius") or RADII[2]
    page = data.get("page") or 1
    clienteles = form.clienteles()
    served_only = profile is not None and data.get("served") == "served"
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
    comparisons: dict[int, Comparison] | None = None
    everyone_total = None  # with "only where I can be served": how many points the other filters leave
    if served_only:
        candidates, everyone_total = search(replace(params, limit=SERVED_CANDIDATES, offset=0))
        comparisons = compare_for_service_points(profile, [h.service_point_id for h in candidates], request=request)
        served = [h for h in candidates if can_be_served(comparisons[h.service_point_id].current)]
        hits, total = served[params.offset : params.offset + PAGE_SIZE], len(served)
    else:
        hits, total = search(params)
    cards, comparisons = cards_for(hits, profile=profile, comparisons=comparisons, request=request)
    results = Results(
        origin=origin,
        radius_km=radius,
        cards=cards,
        total=total,
        page=page,
        page_count=max(1, math.ceil(total / PAGE_SIZE)),
        clienteles=clienteles,
        total_is_capped=total >= COUNT_LIMIT,
        has_profile=profile is not None,
        served_only=served_only,
        status_counts=dict(Counter(c.current.status for c in comparisons.values())),
        universal_served=sum(1 for c in comparisons.values() if can_be_served(c.universal)),
    )
    if total == 0:
        nearest = nearest_anyway(
            origin.latitude,
            origin.longitude,
            limit=NEAREST_ANYWAY,
            clienteles=clienteles,
            kinds=params.kinds,
            languages=params.languages,
        )
        results.nearest, _comparisons = cards_for(nearest, profile=profile, request=request)
        results.wider_radius_km = wider_radius(radius, nearest[0].distance_km if nearest else None)
        results.relaxations, results.unfiltered_total = relaxations(params, served_only, everyone_total)
    return results


def _count(params: SearchParams) -> int:
    return search(replace(params, limit=0, offset=0))[1]


def relaxations(
    params: SearchParams, served_only: bool, everyone_total: int | None = None
) -> tuple[list[Relaxation], int]:
    """For an empty result: each active filter with the number of points its removal alone would show, and the
    number of points within the radius when every filter is dropped (a few count queries, on empty results only).

    With "only where I can be served", the other filters' counts would include centres that cannot serve the person:
    they are not counted, only offered. ``everyone_total`` is the count the search already made without "only where
    I can be served"; a count that equals one already made is not made again.
    """
    active = [(code, attribute, drop) for code, attribute, drop in _FILTERS if getattr(params, attribute)]
    if not active and not served_only:
        return [], 0
    found = []
    for code, attribute, drop in active:
        count = None if served_only else _count(replace(params, **{attribute: ()}))
        found.append(Relaxation(code, drop, count))
    if served_only:
        found.append(Relaxation("served", ("served",), _count(params) if everyone_total is None else everyone_total))
    if not active:  # the only filter was "only where I can be served"
        return found, found[-1].count or 0
    if len(found) == 1:  # dropping the one filter drops them all
        return found, found[0].count or 0
    return found, _count(replace(params, clienteles=(), kinds=(), languages=()))
