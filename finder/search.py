"""Nearest-first search over service points.

Every query reads ServiceAtLocation through its latitude-band index, inside a bounding box, and orders or filters
by an arithmetic-only form of the haversine term (same SQL on SQLite and PostgreSQL, no trigonometric functions).
The page is ranked in a circle just big enough to hold it (it grows until it does), and the few rows returned are
ranked by the exact great-circle distance in Python. The total is counted up to ``COUNT_LIMIT``: beyond that, "at
least 500" is all a person or a client needs, and counting 50,000 points in dense Montréal would cost more than
the whole rest of the search. So a search costs about the same in Montréal as in Gaspésie.
"""

import math
from dataclasses import dataclass

from directory.clientele_mask import wanted_mask_sql
from directory.models import LAT_BANDS_PER_DEGREE, Language, Service, ServiceAtLocation, ServiceKind
from geography.points import EARTH_RADIUS_KM, haversine_km
from lib.sql import fetch_all, placeholders

KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180
# A service tagged with this clientèle serves everyone, so it matches any clientèle filter.
GENERAL_PUBLIC = "general-public"
MAX_RADIUS_KM = 1000.0
MAX_LIMIT = 100
# Extra rows fetched beyond the page and re-ranked exactly, in case the SQL approximation swapped two neighbours.
_RERANK_MARGIN = 5
# The total is exact up to this many points; a total equal to it means "at least this many".
COUNT_LIMIT = 500
FIRST_CIRCLE_DIVISOR = 32  # see search()
MAX_LISTED_BANDS = 64  # a 50 km box spans 20 latitude bands; a 1,000 km one, 360

# The search is the hottest path of the site: its few statements are written in SQL (the same on SQLite and
# PostgreSQL), since building them with the ORM cost more than running them. Table names come from the models.
_POINTS = ServiceAtLocation._meta.db_table
_KINDS = Service.kinds.through._meta.db_table
_KIND = ServiceKind._meta.db_table
_LANGUAGE = Language._meta.db_table


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
    count_limit: int | None = COUNT_LIMIT  # None: count every point within the radius (slow in dense areas)


@dataclass(frozen=True)
class Hit:
    service_point_id: int
    distance_km: float


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


@dataclass(frozen=True)
class _Points:
    """The active service points a search may return: SQL conditions on the alias ``sal`` and their parameters."""

    conditions: str
    params: tuple


def _filtered(
    clienteles: tuple[str, ...] = (), kinds: tuple[str, ...] = (), languages: tuple[str, ...] = ()
) -> _Points:
    """Active service points, narrowed by clientèle (the point's bit mask, read from the search's covering index), by
    kind of service and by language (correlated EXISTS subqueries: no joins, no DISTINCT).

    Each EXISTS is one index probe per candidate row, evaluated only for rows already inside the circle: cheaper than
    an IN list, which would materialise every matching service on each search. ServiceAtLocation.is_active is the
    finder's single switch (the directory clears it when a service closes): checking Service.status as well would cost
    a look-up per candidate row.
    """
    conditions, params = [], []
    if clienteles:
        # The wanted bits are looked up once per statement; each candidate costs one AND on its index entry.
        mask, slugs = wanted_mask_sql({*clienteles, GENERAL_PUBLIC})
        conditions.append(f"(sal.clientele_mask & {mask}) <> 0")
        params += slugs
    if kinds:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {_KINDS} AS t WHERE t.service_id = sal.service_id AND t.servicekind_id IN "
            f"(SELECT id FROM {_KIND} WHERE slug IN ({placeholders(kinds)})))"
        )
        params += kinds
    if languages:
        spoken = f"code IN ({placeholders(languages)})"
        conditions.append(
            f"(EXISTS (SELECT 1 FROM {_LANGUAGE} WHERE service_id = sal.service_id AND {spoken})"
            f" OR EXISTS (SELECT 1 FROM {_LANGUAGE} WHERE location_id = sal.location_id AND {spoken}))"
        )
        params += [*languages, *languages]
    return _Points("".join(f" AND {condition}" for condition in conditions), tuple(params))


_HALF_DEGREE = math.pi / 360  # degrees -> half-angle in radians
# d = 2R*asin(sqrt(a)) ~ 2R*sqrt(a) and a = h^2 * closeness, so closeness ~ (d / 2Rh)^2 whatever the origin.
_CLOSENESS_PER_KM2 = 1 / (2 * EARTH_RADIUS_KM * _HALF_DEGREE) ** 2


def _closeness(lat: float, lon: float) -> tuple[str, tuple[float, ...]]:
    """An arithmetic-only SQL expression that grows with the distance from (lat, lon) (``_CLOSENESS_PER_KM2`` per
    km²), and its params.

    It is the haversine term with sin(x) ~ x and cos(lat) expanded to second order around the origin: no
    trigonometric functions in SQL (SQLite has none built in, and calling Python per row is far too slow for
    thousands of rows) and about twenty arithmetic operations per row. Relative error on the distance: ~1e-6 at
    50 km, ~1e-3 at 1,000 km. Result pages are re-ranked with the exact formula.
    """
    phi = math.radians(lat)
    c, s = math.cos(phi), math.sin(phi)
    h = _HALF_DEGREE
    p, q, w = c * c, 2 * h * c * s, 2 * h * h * c * c
    expression = (
        "(sal.latitude - %s) * (sal.latitude - %s) + (%s - (sal.latitude - %s) * (%s + (sal.latitude - %s) * %s))"
        " * ((sal.longitude - %s) * (sal.longitude - %s))"
    )
    return expression, (lat, lat, p, lat, q, lat, w, lon, lon)


def _slack(radius_km: float) -> float:
    """A bound on the closeness expression's relative error on distances up to radius_km, about twice the worst
    measured across Québec (3e-5 at 50 km, 9e-4 at 500 km, 5e-3 at 1,000 km; finder/tests/test_search.py)."""
    return 1e-4 + 1e-8 * radius_km * radius_km


def _in_circle(
    points: _Points, lat: float, lon: float, radius_km: float, columns: str, *, ring: bool = False
) -> tuple[str, list]:
    """SELECT ``columns`` (with ``closeness``) of the points that may lie within radius_km, and its params: the SQL
    expression is approximate, so its circle is drawn a little wider (``_slack``) and callers check the exact
    distance. With ``ring``, only the points the expression cannot settle: those near the edge, either side.

    The box is read from the band index (directory.models.ServiceAtLocation.lat_band, which covers every column
    read here) as one short range of longitudes per latitude band; the closeness, computed once per row in the
    inner query, keeps the circle.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
    closeness, closeness_params = _closeness(lat, lon)
    bands_sql, bands = _bands(min_lat, max_lat)
    sql = (
        f"SELECT {columns} FROM (SELECT sal.id, sal.latitude, sal.longitude, {closeness} AS closeness"
        f" FROM {_POINTS} AS sal WHERE {bands_sql} AND sal.longitude BETWEEN %s AND %s"
        f" AND sal.latitude BETWEEN %s AND %s AND sal.is_active = %s{points.conditions}) AS near"
        " WHERE near.closeness <= %s"
    )
    params = [*closeness_params, *bands, min_lon, max_lon, min_lat, max_lat, True, *points.params]
    params.append(_closeness_limit(radius_km * (1 + _slack(radius_km))))
    if ring:
        sql += " AND near.closeness > %s"
        params.append(_inner_limit(radius_km))
    return sql, params


def _inner_limit(radius_km: float) -> float:
    """The closeness under which a point is surely within radius_km."""
    return _closeness_limit(radius_km * (1 - _slack(radius_km)))


def _bands(min_lat: float, max_lat: float) -> tuple[str, list[int]]:
    """The latitude bands that a box spans, as SQL and params: a list (one index range each) for a few, a range
    for many. One band of margin on each side, so that the database's rounding never loses a row."""
    first, last = round(min_lat * LAT_BANDS_PER_DEGREE) - 1, round(max_lat * LAT_BANDS_PER_DEGREE) + 1
    if last - first < MAX_LISTED_BANDS:
        bands = list(range(first, last + 1))
        return f"sal.lat_band IN ({placeholders(bands)})", bands
    return "sal.lat_band BETWEEN %s AND %s", [first, last]


def _rows(sql: str, params: list) -> list[tuple]:
    return fetch_all([(sql, params)])[0]


def _closeness_limit(radius_km: float) -> float:
    # With sin(x) ~ x on both sides, the radius maps to the same scale as the expression.
    return radius_km * radius_km * _CLOSENESS_PER_KM2


def _ranked(points: _Points, lat: float, lon: float, count: int, radius_km: float | None) -> list[Hit]:
    """The ``count`` nearest points, nearest first, by exact haversine.

    The database orders by the approximate term and returns a few more rows than asked; re-ranking those exactly
    in Python corrects any order the approximation could swap (points a millimetre apart).
    """
    if count <= 0:
        return []
    if radius_km is None:  # The series only hold near the origin: far away, rank every row exactly (rare, small).
        rows = _rows(
            f"SELECT sal.id, sal.latitude, sal.longitude FROM {_POINTS} AS sal WHERE sal.is_active = %s"
            f"{points.conditions}",
            [True, *points.params],
        )
    else:
        sql, params = _in_circle(points, lat, lon, radius_km, "near.id, near.latitude, near.longitude")
        rows = _rows(f"{sql} ORDER BY near.closeness, near.id LIMIT %s", [*params, count + _RERANK_MARGIN])
    hits = [Hit(pk, haversine_km(lat, lon, plat, plon)) for pk, plat, plon in rows]
    if radius_km is not None:  # the SQL circle is drawn a little wider than the radius
        hits = [hit for hit in hits if hit.distance_km <= radius_km]
    hits.sort(key=_nearest_first)
    return hits[:count]


def _nearest_first(hit: Hit) -> tuple[float, int]:
    return hit.distance_km, hit.service_point_id


def _count(points: _Points, lat: float, lon: float, radius_km: float, count_limit: int | None) -> int:
    """How many points lie within radius_km, exactly, up to count_limit.

    One statement counts the points of the (slightly wider) SQL circle and, among them, those surely inside. Points
    near the edge, which the approximate expression cannot settle, are rare (a ring a few metres wide at 50 km):
    only when some are seen are they read and measured exactly, in one or two more statements.
    """
    sql, params = _in_circle(points, lat, lon, radius_km, "near.closeness")
    inner = _inner_limit(radius_km)
    cap = max(int(count_limit), 1) if count_limit is not None else None
    # COUNT over a LIMIT subquery: the database stops at the limit instead of visiting every point.
    limited = (f"{sql} LIMIT %s", [*params, cap]) if cap else (sql, params)
    certain, seen = _rows(
        f"SELECT COUNT(CASE WHEN counted.closeness <= %s THEN 1 END), COUNT(*) FROM ({limited[0]}) AS counted",
        [inner, *limited[1]],
    )[0]
    if (cap and certain >= cap) or seen == certain:
        return certain
    if cap and seen >= cap:  # the capped scan stopped early: count the sure points on their own, up to the cap
        certain = _rows(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM ({sql}) AS wide WHERE wide.closeness <= %s LIMIT %s) AS counted",
            [*params, inner, cap],
        )[0][0]
        if certain >= cap:
            return cap
    # Every sure point is counted: measure the few the expression cannot settle.
    ring_sql, ring_params = _in_circle(points, lat, lon, radius_km, "near.latitude, near.longitude", ring=True)
    inside = sum(1 for plat, plon in _rows(ring_sql, ring_params) if haversine_km(lat, lon, plat, plon) <= radius_km)
    return min(certain + inside, cap) if cap else certain + inside


def _nearest(
    points: _Points, lat: float, lon: float, wanted: int, radius_km: float, first_radius_km: float
) -> list[Hit]:
    """The ``wanted`` nearest points within radius_km, ranked in the smallest circle that holds them.

    Points inside a circle of radius r are nearer than any point outside it, so the nearest ``wanted`` of a circle
    holding at least that many are the nearest overall. The circle doubles until it holds enough or reaches the radius.
    """
    radius = min(max(first_radius_km, 0.5), radius_km)
    while True:
        hits = _ranked(points, lat, lon, wanted, radius)
        if len(hits) >= wanted or radius >= radius_km:
            return hits
        # The circle held len(hits) points: grow it towards twice the rows needed, at most doubling the radius, since
        # a bigger leap can land on a whole city and every row inside the circle is read.
        growth = math.sqrt(2 * wanted / len(hits)) if hits else 2.0
        radius = min(radius_km, radius * min(2.0, max(1.4, growth)))


def search(params: SearchParams) -> tuple[list[Hit], int]:
    """The page of service points within the radius, nearest first (ties by id), and how many there are in all.

    The total is exact up to ``params.count_limit`` (500 by default); a total equal to the limit means at least that
    many, and pages beyond it are still served.
    """
    radius = min(max(float(params.radius_km), 0.0), MAX_RADIUS_KM)
    limit = min(max(int(params.limit), 0), MAX_LIMIT)
    offset = max(int(params.offset), 0)
    points = _filtered(params.clienteles, params.kinds, params.languages)
    total = _count(points, params.latitude, params.longitude, radius, params.count_limit)
    capped = params.count_limit is not None and total >= params.count_limit
    if total == 0 or (offset >= total and not capped) or limit == 0:
        return [], total
    wanted = offset + limit if capped else min(offset + limit, total)
    # First circle: sized to hold about four times the rows needed if the points were spread evenly. A capped count
    # only says the area is dense (Montréal holds 100 times the limit), so start much narrower and let it grow: a
    # circle too wide reads every row inside it, one too narrow costs one more small query.
    first_radius = radius * math.sqrt(min(1.0, 4 * wanted / total)) / (FIRST_CIRCLE_DIVISOR if capped else 1)
    hits = _nearest(points, params.latitude, params.longitude, wanted, radius, first_radius)
    return hits[offset:], total


def nearest_anyway(
    lat: float,
    lon: float,
    limit: int = 5,
    clienteles: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
) -> list[Hit]:
    """The nearest active service points at any distance, for an empty result: the box doubles until enough are found.

    A point found within radius r is always nearer than any point outside it, so stopping early is exact.
    """
    limit = min(max(int(limit), 0), MAX_LIMIT)
    points = _filtered(tuple(clienteles), tuple(kinds), tuple(languages))
    if limit == 0:
        return []
    hits = _nearest(points, lat, lon, limit, 3200.0, first_radius_km=50.0)
    return hits if len(hits) >= limit else _ranked(points, lat, lon, limit, None)
