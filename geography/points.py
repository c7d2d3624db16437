"""Plain geometry on GeoJSON coordinates ([longitude, latitude]), without any GIS library.

Ray casting is exact enough at the scale of a region, and keeps SQLite and PostgreSQL equal (no SpatiaLite/PostGIS).
"""

import math
from collections.abc import Iterable, Sequence

EARTH_RADIUS_KM = 6371.0088

Ring = Sequence[Sequence[float]]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def polygons_of(geometry: dict | None) -> list[list[Ring]]:
    """The polygons (each a list of rings, outer first) of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    """Even-odd ray casting: is the point inside this closed ring?"""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def geometry_contains(geometry: dict | None, lat: float, lon: float) -> bool:
    """Is the point inside the geometry (inside an outer ring and outside its holes)?"""
    for rings in polygons_of(geometry):
        if rings and ring_contains(rings[0], lon, lat) and not any(ring_contains(h, lon, lat) for h in rings[1:]):
            return True
    return False


def distance_to_geometry_km(geometry: dict | None, lat: float, lon: float) -> float:
    """Approximate distance from the point to the nearest edge of the geometry (equirectangular, fine below ~50 km)."""
    scale = math.cos(math.radians(lat))
    best = math.inf
    for rings in polygons_of(geometry):
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(_xy(ring), _xy(ring[1:]), strict=False):
                ax, ay = (x1 - lon) * scale, y1 - lat
                bx, by = (x2 - lon) * scale, y2 - lat
                dx, dy = bx - ax, by - ay
                length2 = dx * dx + dy * dy
                t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
                px, py = ax + t * dx, ay + t * dy
                best = min(best, px * px + py * py)
    return math.sqrt(best) * 111.195 if best != math.inf else math.inf


def bounding_box(geometry: dict | None) -> tuple[float, float, float, float] | None:
    """(min_lat, max_lat, min_lon, max_lon) of the geometry, or None when it has no points."""
    lons, lats = [], []
    for rings in polygons_of(geometry):
        for ring in rings:
            for x, y in _xy(ring):
                lons.append(x)
                lats.append(y)
    if not lons:
        return None
    return min(lats), max(lats), min(lons), max(lons)


def _xy(ring: Iterable[Sequence[float]]) -> Iterable[tuple[float, float]]:
    return ((p[0], p[1]) for p in ring)
