"""Nearest-first search over service points.

One indexed query keeps the candidates inside a bounding box (latitude/longitude index on ServiceAtLocation),
reading only (id, latitude, longitude); the exact great-circle distance is then computed in Python on those few
rows, which is faster than haversine in SQL and identical on SQLite and PostgreSQL.
"""

import heapq
import math
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from directory.models import Language, Service, ServiceAtLocation

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180
# A service tagged with this clientèle serves everyone, so it matches any clientèle filter.
GENERAL_PUBLIC = "general-public"
MAX_RADIUS_KM = 1000.0
MAX_LIMIT = 100


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
    # Few services are inactive: excluding them with NOT IN is cheaper than joining every candidate to Service.
    inactive = Service.objects.exclude(status=Service.Status.ACTIVE).values("pk")
    points = ServiceAtLocation.objects.filter(is_active=True).exclude(service_id__in=inactive)
    if clienteles:
        wanted = {*clienteles, GENERAL_PUBLIC}
        through = Service.clienteles.through.objects.filter(clientele__slug__in=wanted)
        points = points.filter(service_id__in=through.values("service_id"))
    if kinds:
        through = Service.kinds.through.objects.filter(servicekind__slug__in=kinds)
        points = points.filter(service_id__in=through.values("service_id"))
    if languages:
        spoken = Language.objects.filter(code__in=languages)
        points = points.filter(
            Q(service_id__in=spoken.filter(service__isnull=False).values("service_id"))
            | Q(location_id__in=spoken.filter(location__isnull=False).values("location_id"))
        )
    return points


def _within(points: QuerySet, lat: float, lon: float, radius_km: float | None) -> list[Hit]:
    """Every point of the queryset within radius_km (None: any distance), unsorted."""
    if radius_km is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
        points = points.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
    # Inlined haversine: this loop is the hot path (thousands of rows at 100,000 service points).
    rad = math.radians
    sin, cos, asin, sqrt = math.sin, math.cos, math.asin, math.sqrt
    phi1, lam1 = rad(lat), rad(lon)
    cos1 = cos(phi1)
    limit = math.inf if radius_km is None else radius_km
    diameter = 2 * EARTH_RADIUS_KM
    hits = []
    for pk, plat, plon in points.values_list("id", "latitude", "longitude").order_by().iterator(chunk_size=5000):
        phi2 = rad(plat)
        a = sin((phi2 - phi1) / 2) ** 2 + cos1 * cos(phi2) * sin((rad(plon) - lam1) / 2) ** 2
        distance = diameter * asin(min(1.0, sqrt(a)))
        if distance <= limit:
            hits.append(Hit(pk, distance))
    return hits


def _nearest_first(hit: Hit) -> tuple[float, int]:
    return hit.distance_km, hit.service_point_id


def search(params: SearchParams) -> tuple[list[Hit], int]:
    """The page of service points within the radius, nearest first (ties by id), and how many there are in all."""
    radius = min(max(float(params.radius_km), 0.0), MAX_RADIUS_KM)
    limit = min(max(int(params.limit), 0), MAX_LIMIT)
    offset = max(int(params.offset), 0)
    points = _filtered(params.clienteles, params.kinds, params.languages)
    hits = _within(points, params.latitude, params.longitude, radius)
    page = heapq.nsmallest(offset + limit, hits, key=_nearest_first)[offset:]
    return page, len(hits)


def nearest_anyway(lat: float, lon: float, limit: int = 5, clienteles: tuple[str, ...] = ()) -> list[Hit]:
    """The nearest active service points at any distance, for an empty result: the box doubles until enough are found.

    A point found within radius r is always nearer than any point outside it, so stopping early is exact.
    """
    points = _filtered(tuple(clienteles))
    radius = 100.0
    while radius <= 3200:
        hits = _within(points, lat, lon, radius)
        if len(hits) >= limit:
            return heapq.nsmallest(limit, hits, key=_nearest_first)
        radius *= 2
    return heapq.nsmallest(limit, _within(points, lat, lon, None), key=_nearest_first)
