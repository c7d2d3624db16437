"""Nearest-first search over service points.

Two indexed queries on ServiceAtLocation, each limited to a bounding box (latitude/longitude index): one counts the
points inside the circle, one returns the id and coordinates of the page's nearest points, ordered by an
arithmetic-only form of the haversine term (same SQL on SQLite and PostgreSQL, no trigonometric functions). The few
rows returned are then ranked by the exact great-circle distance in Python. Nothing scales with the number of
points inside the radius on the Python side, which keeps a search in dense Montréal as fast as one in Gaspésie.
"""

import math
from dataclasses import dataclass

from django.db.models import BigIntegerField, ExpressionWrapper, F, FloatField, Q, QuerySet

from directory.models import Language, Service, ServiceAtLocation

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180
# A service tagged with this clientèle serves everyone, so it matches any clientèle filter.
GENERAL_PUBLIC = "general-public"
MAX_RADIUS_KM = 1000.0
MAX_LIMIT = 100
# Extra rows fetched beyond the page and re-ranked exactly, in case the SQL approximation swapped two neighbours.
_RERANK_MARGIN = 5
# Half-heights (as a fraction of the radius) of the rectangles inscribed in the search circle; see _surely_inside.
_INSCRIBED_HEIGHTS = (0.35, 0.65, 0.87)


@dataclass(frozen=True)
class SearchParams:
    latitude: float
    longitude: float
    clienteles: tuple[str, ...] = ()
    radius_km: float = 50
    limit: int = 20
    offset: int = 0
    kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    service_point_id: int
    distance_km: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains every point within radius_km of (lat, lon).

    The longitude span uses the latitude nearest the pole inside the box, so the box never cuts the circle.
    """
    dlat = radius_km / KM_PER_DEGREE_LAT
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(min_lat), abs(max_lat))
    if widest >= 89.9:
        return min_lat, max_lat, -180.0, 180.0
    dlon = dlat / math.cos(math.radians(widest))
    if dlon >= 180:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, max(-180.0, lon - dlon), min(180.0, lon + dlon)


def _filtered(
    clienteles: tuple[str, ...] = (), kinds: tuple[str, ...] = (), languages: tuple[str, ...] = ()
) -> QuerySet:
    """Active service points, narrowed with subqueries (no joins, no DISTINCT) so the box scan stays cheap."""
    # ServiceAtLocation.is_active is the finder's single switch (the directory clears it when a service closes):
    # checking Service.status as well would cost a look-up per candidate row.
    # "+ 0" hides the service_id and location_id indexes from SQLite's planner, which would otherwise drive the
    # query from the (large) list of matching services instead of the bounding box. PostgreSQL is unaffected.
    points = ServiceAtLocation.objects.filter(is_active=True).alias(
        service_key=ExpressionWrapper(F("service_id") + 0, output_field=BigIntegerField()),
        location_key=ExpressionWrapper(F("location_id") + 0, output_field=BigIntegerField()),
    )
    if clienteles:
        wanted = {*clienteles, GENERAL_PUBLIC}
        through = Service.clienteles.through.objects.filter(clientele__slug__in=wanted)
        points = points.filter(service_key__in=through.values("service_id"))
    if kinds:
        through = Service.kinds.through.objects.filter(servicekind__slug__in=kinds)
        points = points.filter(service_key__in=through.values("service_id"))
    if languages:
        spoken = Language.objects.filter(code__in=languages)
        points = points.filter(
            Q(service_key__in=spoken.filter(service__isnull=False).values("service_id"))
            | Q(location_key__in=spoken.filter(location__isnull=False).values("location_id"))
        )
    return points


def _closeness(lat: float, lon: float) -> tuple[ExpressionWrapper, float]:
    """An arithmetic-only SQL expression that grows with the distance from (lat, lon), and its value per km².

    It is the haversine term with sin(x) ~ x and cos(lat) expanded to second order around the origin: no
    trigonometric functions in SQL (Django implements them in Python on SQLite, far too slow for thousands of rows)
    and about twenty arithmetic operations per row. Relative error on the distance: ~1e-6 at 50 km, ~1e-3 at
    1,000 km. Result pages are re-ranked with the exact formula.
    """
    phi = math.radians(lat)
    c, s = math.cos(phi), math.sin(phi)
    h = math.pi / 360  # degrees -> half-angle in radians
    p, q, w = c * c, 2 * h * c * s, 2 * h * h * c * c
    dlat = ExpressionWrapper(F("latitude") - lat, output_field=FloatField())
    dlon = ExpressionWrapper(F("longitude") - lon, output_field=FloatField())
    expression = ExpressionWrapper(dlat * dlat + (p - dlat * (q + dlat * w)) * (dlon * dlon), output_field=FloatField())
    # d = 2R*asin(sqrt(a)) ~ 2R*sqrt(a) and a = h^2 * expression, so expression ~ (d / 2Rh)^2.
    return expression, 1 / (2 * EARTH_RADIUS_KM * h) ** 2


def _surely_inside(lat: float, lon: float, radius_km: float) -> Q:
    """Rectangles inscribed in the circle (with a 1 % margin): rows inside them skip the distance expression."""
    rectangles = Q()
    for height in _INSCRIBED_HEIGHTS:
        dlat = 0.99 * height * radius_km / KM_PER_DEGREE_LAT
        nearest_equator = max(0.0, abs(lat) - dlat)
        dlon = (
            0.99
            * math.sqrt(1 - height * height)
            * radius_km
            / (KM_PER_DEGREE_LAT * math.cos(math.radians(nearest_equator)))
        )
        rectangles |= Q(latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon))
    return rectangles


def _in_circle(points: QuerySet, lat: float, lon: float, radius_km: float) -> QuerySet:
    """The points within radius_km (by the SQL expression), annotated with their closeness as ``closeness``."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
    closeness, per_km2 = _closeness(lat, lon)
    return (
        points.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
        .alias(closeness=closeness)
        .filter(_surely_inside(lat, lon, radius_km) | Q(closeness__lte=_closeness_limit(radius_km, per_km2)))
    )


def _closeness_limit(radius_km: float, per_km2: float) -> float:
    # With sin(x) ~ x on both sides, the radius maps to the same scale as the expression.
    return radius_km * radius_km * per_km2


def _ranked(points: QuerySet, lat: float, lon: float, count: int, radius_km: float | None) -> list[Hit]:
    """The ``count`` nearest points, nearest first, by exact haversine.

    The database orders by the approximate term and returns a few more rows than asked; re-ranking those exactly
    in Python corrects any order the approximation could swap (points a millimetre apart).
    """
    if count <= 0:
        return []
    if radius_km is None:  # The series only hold near the origin: far away, rank every row exactly (rare, small).
        rows = points.values_list("pk", "latitude", "longitude").order_by()
    else:
        rows = (
            _in_circle(points, lat, lon, radius_km)
            .order_by("closeness", "pk")
            .values_list("pk", "latitude", "longitude")[: count + _RERANK_MARGIN]
        )
    hits = [Hit(pk, haversine_km(lat, lon, plat, plon)) for pk, plat, plon in rows]
    hits.sort(key=_nearest_first)
    return hits[:count]


def _nearest_first(hit: Hit) -> tuple[float, int]:
    return hit.distance_km, hit.service_point_id


def search(params: SearchParams) -> tuple[list[Hit], int]:
    """The page of service points within the radius, nearest first (ties by id), and how many there are in all."""
    radius = min(max(float(params.radius_km), 0.0), MAX_RADIUS_KM)
    limit = min(max(int(params.limit), 0), MAX_LIMIT)
    offset = max(int(params.offset), 0)
    points = _filtered(params.clienteles, params.kinds, params.languages)
    total = _in_circle(points, params.latitude, params.longitude, radius).count()
    if offset >= total:
        return [], total
    wanted = min(offset + limit, total)
    hits: list[Hit] = []
    if total > 4 * wanted:
        # Dense area: rank inside a smaller circle expected to hold about 4x the rows needed (points nearer than
        # that circle's edge are the nearest overall); fall back to the full radius if it holds too few.
        hits = _ranked(points, params.latitude, params.longitude, wanted, radius * math.sqrt(4 * wanted / total))
    if len(hits) < wanted:
        hits = _ranked(points, params.latitude, params.longitude, wanted, radius)
    return hits[offset:], total


def nearest_anyway(lat: float, lon: float, limit: int = 5, clienteles: tuple[str, ...] = ()) -> list[Hit]:
    """The nearest active service points at any distance, for an empty result: the box doubles until enough are found.

    A point found within radius r is always nearer than any point outside it, so stopping early is exact.
    """
    limit = min(max(int(limit), 0), MAX_LIMIT)
    points = _filtered(tuple(clienteles))
    radius = 100.0
    while radius <= 3200:
        hits = _ranked(points, lat, lon, limit, radius)
        if len(hits) >= limit:
            return hits
        radius *= 2
    return _ranked(points, lat, lon, limit, None)
