"""Where is the person? Turn what they typed (or their browser's position) into an origin point and a region.

Pure-ish: reads the geography tables, nothing else. Each resolution is a few indexed queries. Errors come back as a
machine code plus a message already translated into the active language; user text is never echoed in messages.
"""

import difflib
import math
import re
from dataclasses import dataclass, field

from django.db.models import Case, Q, Value, When
from django.db.models.functions import Length
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lib.sql import fetch_all, placeholders
from lib.text import fold, translated

from .models import ForwardSortationArea, Municipality, PlaceName, PostalCode, Region
from .points import distance_to_geometry_km, geometry_contains, haversine_km
from .postcodes import (
    SANTA_CLAUS_FSA,
    find_postal_code,
    format_postal_code,
    is_quebec,
    is_rural_fsa,
    looks_like_postal_code,
    normalize_postal_code,
)
from .reading import QUEBEC_LAT, QUEBEC_LON

__all__ = [
    "Origin",
    "Resolution",
    "normalize_postal_code",
    "resolve_coordinates",
    "resolve_place",
    "suggest_places",
]

MAX_LENGTH = 100
# The region polygons are clipped to a coarse coastline: shore and island points can fall a few km outside them.
COAST_TOLERANCE_KM = 3.0
RURAL_SUGGESTIONS = 5
UNKNOWN_SUGGESTIONS = 5
# Former towns have no population of their own; rank them by their number of postal codes (~25 people per code).
PEOPLE_PER_POSTAL_CODE = 25
_ARTICLES = ("les", "la", "le", "l")
_QUALIFIERS = re.compile(r"(?: (?:qc|quebec|pq|canada|city))+$|^(?:ville|city|municipalite|town) (?:de |d |of )?")


@dataclass(frozen=True)
class Origin:
    label: str  # what to show: "H2X 1Y4 (Montréal)", "Chicoutimi", "G7H (Chicoutimi)"
    latitude: float
    longitude: float
    region_code: str  # "02"
    precision: str  # "postal_code" | "fsa" | "municipality" | "coordinates"
    region_name: str = ""  # in the active language


@dataclass(frozen=True)
class Resolution:
    origin: Origin | None
    error: str | None = None  # machine code: "empty", "too_long", "malformed_postal_code", …
    message: str = ""  # translated human message, "" when ok
    suggestions: list[str] = field(default_factory=list)  # display names of places to offer

    @property
    def ok(self) -> bool:
        return self.origin is not None


# The lookups of every search, in plain SQL (see lib/sql.py): the ORM's query building cost more than running them.
_REGION_JOIN = f"LEFT JOIN {Region._meta.db_table} AS r ON r.code = {{table}}.region_id"
_POSTAL_CODE_SQL = (
    "SELECT p.latitude, p.longitude, p.place_name, f.place_name, f.region_id, r.name_fr, r.name_en"
    f" FROM {PostalCode._meta.db_table} AS p JOIN {ForwardSortationArea._meta.db_table} AS f ON f.code = p.fsa_id"
    f" {_REGION_JOIN.format(table='f')} WHERE p.code = %s"
)
_FSA_SQL = (
    "SELECT f.code, f.latitude, f.longitude, f.place_name, f.region_id, f.is_rural, r.name_fr, r.name_en"
    f" FROM {ForwardSortationArea._meta.db_table} AS f {_REGION_JOIN.format(table='f')} WHERE f.code = %s"
)
# Municipalities (kind 0, most populous first) and former place names (kind 1) with one of the keys.
_NAMES_SQL = (
    "SELECT 0, m.name, m.name_key, m.latitude, m.longitude, m.region_id, r.name_fr, r.name_en, m.population, m.code"
    f" FROM {Municipality._meta.db_table} AS m {_REGION_JOIN.format(table='m')} WHERE m.name_key IN ({{keys}})"
    " UNION ALL"
    " SELECT 1, p.name, p.name_key, p.latitude, p.longitude, p.region_id, r.name_fr, r.name_en, 0, ''"
    f" FROM {PlaceName._meta.db_table} AS p {_REGION_JOIN.format(table='p')} WHERE p.name_key IN ({{keys}})"
    " ORDER BY 1, 9 DESC, 10"
)


@dataclass(frozen=True)
class _FsaRow:
    code: str
    latitude: float
    longitude: float
    place_name: str
    region_id: str
    is_rural: bool
    region_fr: str | None
    region_en: str | None


def _region_name(name_fr: str | None, name_en: str | None) -> str:
    return translated(get_language())(name_fr, name_en) or ""


def _found(origin: Origin) -> Resolution:
    return Resolution(origin=origin)


def _error(code: str, message: str, suggestions: list[str] | None = None) -> Resolution:
    return Resolution(origin=None, error=code, message=message, suggestions=suggestions or [])


def resolve_place(text: str) -> Resolution:
    """Resolve a postal code, an FSA, a municipality or a former place name typed by a person."""
    if not isinstance(text, str):
        text = ""
    text = text.strip()
    if not text:
        return _error("empty", _("Enter a postal code or the name of a municipality."))
    if len(text) > MAX_LENGTH:
        return _error("too_long", _("That is too long. Enter a postal code or the name of a municipality."))
    code = normalize_postal_code(text)
    if code:
        return _resolve_postal_code(code)
    if looks_like_postal_code(text):
        return _error(
            "malformed_postal_code",
            _("This is not a valid postal code. A postal code looks like H2X 1Y4 (letter, digit, letter, digit…)."),
        )
    origin = _match_name(text)
    if origin:
        return _found(origin)
    embedded = find_postal_code(text)  # a pasted address ends with its postal code
    if embedded:
        return _resolve_postal_code(embedded)
    return _error(
        "unknown_place",
        _("We found no Québec municipality or place by that name. Check the spelling, or enter a postal code."),
        _close_names(fold(text)),
    )


def _resolve_postal_code(code: str) -> Resolution:
    shown = format_postal_code(code)
    if not is_quebec(code):
        return _error(
            "outside_quebec",
            _("%(code)s is not a Québec postal code. Québec postal codes start with G, H or J.") % {"code": shown},
        )
    if code.startswith(SANTA_CLAUS_FSA):
        return _error(
            "not_a_place",
            _("%(code)s is Santa Claus's postal code, not a place. Enter your own postal code or municipality.")
            % {"code": shown},
        )
    if len(code) == 6:
        [rows] = fetch_all([(_POSTAL_CODE_SQL, [code])])
        if rows:
            latitude, longitude, place_name, fsa_place_name, region_code, region_fr, region_en = rows[0]
            place = place_name or fsa_place_name
            return _found(
                Origin(
                    label=f"{shown} ({place})" if place else shown,
                    latitude=latitude,
                    longitude=longitude,
                    region_code=region_code,
                    precision="postal_code",
                    region_name=_region_name(region_fr, region_en),
                )
            )
    [rows] = fetch_all([(_FSA_SQL, [code[:3]])])
    fsa = _FsaRow(*rows[0]) if rows else None
    if fsa is None:
        return _error(
            "unknown_postal_code",
            _("We do not know the postal code %(code)s. Check it, or enter the name of your municipality.")
            % {"code": shown},
        )
    if fsa.is_rural or is_rural_fsa(fsa.code):
        suggestions = _main_places_of_fsa(fsa.code)
        if len(code) == 6:
            return _error(
                "unknown_postal_code",
                _(
                    "We do not know the postal code %(code)s, and its area %(fsa)s is too wide to guess where you are."
                    " Enter the name of your municipality."
                )
                % {"code": shown, "fsa": fsa.code},
                suggestions,
            )
        return _error(
            "rural_fsa_needs_detail",
            _(
                "%(fsa)s covers a wide rural area, up to hundreds of kilometres across. Enter your full postal code"
                " or the name of your municipality to find the centres nearest to you."
            )
            % {"fsa": fsa.code},
            suggestions,
        )
    return _found(
        Origin(
            label=f"{fsa.code} ({fsa.place_name})" if fsa.place_name else fsa.code,
            latitude=fsa.latitude,
            longitude=fsa.longitude,
            region_code=fsa.region_id,
            precision="fsa",
            region_name=_region_name(fsa.region_fr, fsa.region_en),
        )
    )


def _main_places_of_fsa(fsa_code: str) -> list[str]:
    names = list(
        Municipality.objects.filter(fsa_code=fsa_code)
        .order_by("-population", "name")
        .values_list("name", flat=True)[:RURAL_SUGGESTIONS]
    )
    if not names:
        names = list(
            PlaceName.objects.filter(fsa_id=fsa_code)
            .order_by("-n_postal_codes", "name")
            .values_list("name", flat=True)[:RURAL_SUGGESTIONS]
        )
    if not names:  # G0B (Îles-de-la-Madeleine) has no codes of its own: offer what lies around its centre
        fsa = ForwardSortationArea.objects.get(code=fsa_code)
        names = [m.name for m in _municipalities_near(fsa.latitude, fsa.longitude)[:RURAL_SUGGESTIONS]]
    return _unique(names)


def _match_name(text: str) -> Origin | None:
    """The municipality (most populous of homonyms, labelled with its region) or former place of that name."""
    keys = _name_variants(fold(text))
    [rows] = fetch_all([(_NAMES_SQL.format(keys=placeholders(keys)), [*keys, *keys])])
    municipalities = [row[1:8] for row in rows if row[0] == 0]
    places = [row[1:8] for row in rows if row[0] == 1]
    rank = {k: i for i, k in enumerate(keys)}
    if municipalities:  # (name, name_key, latitude, longitude, region, region_fr, region_en), most populous first
        best_key = min((row[1] for row in municipalities), key=rank.__getitem__)
        homonyms = [row for row in municipalities if row[1] == best_key]
        name, _key, latitude, longitude, region_code, region_fr, region_en = homonyms[0]
        region_name = _region_name(region_fr, region_en)
        label = f"{name} ({region_name})" if len(homonyms) > 1 else name
        return Origin(label, latitude, longitude, region_code, "municipality", region_name)
    if places:
        name, _key, latitude, longitude, region_code, region_fr, region_en = min(places, key=lambda row: rank[row[1]])
        return Origin(name, latitude, longitude, region_code, "municipality", _region_name(region_fr, region_en))
    return None


def _name_variants(key: str) -> list[str]:
    """The folded name, then without a trailing "QC"/"Québec", then with or without a leading article."""
    keys = [key]
    bare = _QUALIFIERS.sub("", key).strip()
    if bare and bare != key:
        keys.append(bare)  # "Montréal, QC", "Ville de Québec", "Quebec City" -> the municipality's own name
    for base in list(keys):
        article, _space, rest = base.partition(" ")
        if article in _ARTICLES and rest:
            keys.append(rest)
        else:
            keys += [f"{a} {base}" for a in _ARTICLES]
    return list(dict.fromkeys(keys))


def suggest_places(prefix: str, limit: int = 8) -> list[str]:
    """Municipality and former place names starting with ``prefix`` (accents, case, "St-" ignored), biggest first.

    Names where a later word starts with the prefix ("jérôme" -> "Saint-Jérôme") follow the true prefix matches.
    """
    if not isinstance(prefix, str) or len(prefix) > MAX_LENGTH:
        return []
    key = fold(prefix)
    try:
        limit = max(0, min(int(limit), 50))
    except (TypeError, ValueError):
        limit = 8
    if not key or not limit:
        return []
    starts = Q(name_key__startswith=key)
    condition = starts | Q(name_key__contains=f" {key}")
    first = Case(When(starts, then=Value(0)), default=Value(1))
    municipalities = (
        Municipality.objects.filter(condition)
        .annotate(later_word=first)
        .order_by("later_word", "-population", "name")
        .values_list("later_word", "population", "name")[:limit]
    )
    places = (
        PlaceName.objects.filter(condition, population=0)  # a place with a population is a municipality's twin
        .annotate(later_word=first)
        .order_by("later_word", "-n_postal_codes", "name")
        .values_list("later_word", "n_postal_codes", "name")[:limit]
    )
    scored = list(municipalities) + [(later, n * PEOPLE_PER_POSTAL_CODE, name) for later, n, name in places]
    scored.sort(key=lambda item: (item[0], -item[1], item[2]))
    return _unique([name for _later, _size, name in scored])[:limit]


def _close_names(key: str) -> list[str]:
    """Suggestions for a name we do not know: prefix matches, then close spellings ("chicoutimy" -> "Chicoutimi").

    Close spellings are sought among names of the same first letter and a similar length: typos rarely hit the first
    letter, and comparing with all 2,400 names would take tens of milliseconds.
    """
    if not key:
        return []
    names = suggest_places(key, UNKNOWN_SUGGESTIONS)
    length = (len(key) - 3, len(key) + 3)
    municipalities = (
        Municipality.objects.filter(name_key__startswith=key[0])
        .annotate(length=Length("name_key"))
        .filter(length__range=length)
        .order_by("population")
        .values_list("name_key", "name")
    )
    places = (
        PlaceName.objects.filter(name_key__startswith=key[0], population=0)
        .annotate(length=Length("name_key"))
        .filter(length__range=length)
        .values_list("name_key", "name")
    )
    by_key: dict[str, str] = dict(municipalities)  # ordered by population: the biggest of homonyms wins
    for name_key, name in places:
        by_key.setdefault(name_key, name)
    close = difflib.get_close_matches(key, list(by_key), n=UNKNOWN_SUGGESTIONS, cutoff=0.75)
    names += [by_key[k] for k in close]
    return _unique(names)[:UNKNOWN_SUGGESTIONS]


def resolve_coordinates(lat: float, lon: float) -> Resolution:
    """Resolve a browser position: the region containing it, labelled with the nearest municipality."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return _error(
            "invalid_coordinates", _("Your position could not be read. Enter a postal code or a municipality.")
        )
    outside = _error(
        "outside_quebec",
        _("Your position seems to be outside Québec. Enter a Québec postal code or municipality."),
    )
    if not (QUEBEC_LAT[0] <= lat <= QUEBEC_LAT[1] and QUEBEC_LON[0] <= lon <= QUEBEC_LON[1]):
        return outside
    region = _region_containing(lat, lon)
    if region is None:
        return outside
    nearest = _nearest_municipality(lat, lon)
    label = _("Your position (near %(place)s)") % {"place": nearest.name} if nearest else _("Your position")
    return _found(Origin(label, round(lat, 5), round(lon, 5), region[0], "coordinates", region[1]))


def _region_containing(lat: float, lon: float) -> tuple[str, str] | None:
    """The (code, name) of the region whose boundary holds the point (or lies within the coast tolerance of it).

    Bounding boxes pick the candidates; boundaries are then read one at a time, smallest box first, because a point
    usually lies in the first one and the big northern polygons are the costly ones to read.
    """
    margin = COAST_TOLERANCE_KM / 111.0 / max(0.2, math.cos(math.radians(lat)))
    boxes = Region.objects.filter(
        min_lat__lte=lat + margin, max_lat__gte=lat - margin, min_lon__lte=lon + margin, max_lon__gte=lon - margin
    ).values_list("code", "min_lat", "max_lat", "min_lon", "max_lon", "name_fr", "name_en")
    candidates = sorted(boxes, key=lambda b: (b[2] - b[1]) * (b[4] - b[3]))
    names = {row[0]: _region_name(row[5], row[6]) for row in candidates}
    inside = [c[0] for c in candidates if c[1] <= lat <= c[2] and c[3] <= lon <= c[4]]
    boundaries: dict[str, dict] = {}
    for code in inside:
        boundaries[code] = Region.objects.values_list("boundary", flat=True).get(code=code)
        if geometry_contains(boundaries[code], lat, lon):
            return code, names[code]
    nearest = (math.inf, None)
    for code, *_box in candidates:
        boundary = boundaries.get(code) or Region.objects.values_list("boundary", flat=True).get(code=code)
        nearest = min(nearest, (distance_to_geometry_km(boundary, lat, lon), code))
    return (nearest[1], names[nearest[1]]) if nearest[0] <= COAST_TOLERANCE_KM else None


def _nearest_municipality(lat: float, lon: float) -> Municipality | None:
    nearest = _municipalities_near(lat, lon)
    return nearest[0] if nearest else None


def _municipalities_near(lat: float, lon: float) -> list[Municipality]:
    """Municipalities of the smallest box around the point that holds any, nearest first."""
    for degrees in (0.25, 1.0, 4.0, 20.0):
        found = list(
            Municipality.objects.filter(
                latitude__range=(lat - degrees, lat + degrees),
                longitude__range=(lon - degrees * 1.6, lon + degrees * 1.6),
            ).only("name", "latitude", "longitude")
        )
        if found:
            return sorted(found, key=lambda m: haversine_km(lat, lon, m.latitude, m.longitude))
    return []


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
