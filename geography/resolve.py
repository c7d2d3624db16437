"""Where is the person? Turn what they typed (or their browser's position) into an origin point and a region.

Pure-ish: reads the geography tables, nothing else. Each resolution is a few indexed queries. Errors come back as a
machine code plus a message already translated into the active language; user text is never echoed in messages.
"""

import difflib
import math
import re
from dataclasses import dataclass, field

from django.db.models.functions import Length
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lib.sql import fetch_all, placeholders
from lib.text import fold, translated

from .models import ForwardSortationArea, Municipality, PlaceAlias, PlaceName, PostalCode, Region
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
# Abbreviations people type, as whole words of the folded text ("St-"/"Ste-" are already handled by fold()).
ABBREVIATIONS = {"mtl": "montreal", "qc": "quebec", "tr": "trois rivieres", "cdn": "cote des neiges"}
# "Saint-Michel (Montréal)": a name with the region (or city) that a "which one?" choice added.
_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
# Two candidates of one name closer than this are one place (a Canada Post name and the municipality, say).
SAME_PLACE_KM = 15.0


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
    " UNION ALL"
    " SELECT 2, a.name, a.name_key, a.latitude, a.longitude, a.region_id, r.name_fr, r.name_en, a.n_postal_codes,"
    " a.municipality_name"
    f" FROM {PlaceAlias._meta.db_table} AS a {_REGION_JOIN.format(table='a')} WHERE a.name_key IN ({{keys}})"
    " ORDER BY 1, 9 DESC, 10"
)


def _suggest_part(table: str, size: str, extra: str = "") -> str:
    return (
        "SELECT CASE WHEN name_key = %s THEN -1 WHEN name_key LIKE %s THEN 0 ELSE 1 END AS later,"
        f" {size} AS size, name FROM {table} WHERE (name_key LIKE %s OR name_key LIKE %s){extra}"
    )


_SUGGEST_SQL = (
    "SELECT name FROM ("
    + _suggest_part(Municipality._meta.db_table, "population")
    + " UNION ALL "
    + _suggest_part(PlaceAlias._meta.db_table, f"n_postal_codes * {PEOPLE_PER_POSTAL_CODE}")
    + " UNION ALL "
    + _suggest_part(PlaceName._meta.db_table, f"n_postal_codes * {PEOPLE_PER_POSTAL_CODE}", " AND population = 0")
    + ") AS candidates ORDER BY later, size DESC, name LIMIT %s"
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
    match = _match_name(text)
    if isinstance(match, Origin):
        return _found(match)
    if match:
        return _error(
            "ambiguous_place",
            _("Several places have this name. Which one do you mean?"),
            match,
        )
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


@dataclass(frozen=True)
class _Candidate:
    kind: int  # 0 municipality, 1 Canada Post place name, 2 alias (former municipality, borough, district)
    name: str
    key: str
    latitude: float
    longitude: float
    region_code: str
    region_fr: str | None
    region_en: str | None
    size: int  # population, or postal codes for aliases
    city: str  # an alias's municipality

    @property
    def region_name(self) -> str:
        return _region_name(self.region_fr, self.region_en)

    @property
    def choice(self) -> str:
        """How a "which one?" choice names it: with its region, which also resolves it when typed back."""
        return f"{self.name} ({self.region_name})"

    def origin(self) -> Origin:
        # An alias says which city it is part of ("Sainte-Foy (Québec)"), so the person sees it was understood.
        label = f"{self.name} ({self.city})" if self.kind == 2 and fold(self.city) != self.key else self.name
        return Origin(label, self.latitude, self.longitude, self.region_code, "municipality", self.region_name)


def _match_name(text: str) -> Origin | list[str] | None:
    """The place of that name: a municipality, a former municipality, borough or district, else a Canada Post name.

    Homonyms in different places are a question, not a guess: the answer is the list of choices ("Saint-Michel
    (Montréal)", "Saint-Michel (Montérégie)"), and a choice typed back, with its region or city, resolves.
    """
    qualifier = ""
    parenthesis = _PARENTHESIS.match(text)
    if parenthesis and parenthesis.group(1).strip():
        text, qualifier = parenthesis.group(1), fold(parenthesis.group(2))
    keys = _name_variants(fold(text))
    [rows] = fetch_all([(_NAMES_SQL.format(keys=placeholders(keys)), [*keys, *keys, *keys])])
    candidates = [_Candidate(*row) for row in rows]
    rank = {k: i for i, k in enumerate(keys)}
    primary = [c for c in candidates if c.kind != 1] or [c for c in candidates if c.kind == 1]
    if not primary:
        return None
    best_key = min((c.key for c in primary), key=rank.__getitem__)
    places: list[_Candidate] = []
    for candidate in (c for c in primary if c.key == best_key):  # municipalities first, most populous first
        if not any(
            haversine_km(p.latitude, p.longitude, candidate.latitude, candidate.longitude) < SAME_PLACE_KM
            for p in places
        ):
            places.append(candidate)
    if qualifier:
        chosen = [p for p in places if qualifier in (fold(p.region_fr or ""), fold(p.region_en or ""), fold(p.city))]
        places = chosen or places
    if len(places) == 1:
        return places[0].origin()
    return _unique([p.choice for p in places])


def _name_variants(key: str) -> list[str]:
    """The folded name, then with abbreviations spelled out ("mtl"), without a trailing "QC"/"Québec", then with or
    without a leading article."""
    keys = [key]
    spelled = " ".join(ABBREVIATIONS.get(word, word) for word in key.split())
    if spelled != key:
        keys.append(spelled)
    for name in list(keys):
        bare = _QUALIFIERS.sub("", name).strip()
        if bare and bare != name:
            keys.append(bare)  # "Montréal, QC", "Ville de Québec", "Quebec City" -> the municipality's own name
    for base in list(keys):
        article, _space, rest = base.partition(" ")
        if article in _ARTICLES and rest:
            keys.append(rest)
        else:
            keys += [f"{a} {base}" for a in _ARTICLES]
    return list(dict.fromkeys(keys))


def suggest_places(prefix: str, limit: int = 8) -> list[str]:
    """Municipality, former municipality, borough, district and place names starting with ``prefix`` (accents,
    case, "St-" ignored): a name equal to what was typed first, then the biggest.

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
    # One statement (it runs on each key press): municipalities, aliases and Canada Post names (those with a
    # population are a municipality's twin) ranked together. Folded keys hold only a-z, 0-9 and spaces, so no LIKE
    # wildcard can come from the person's text.
    [rows] = fetch_all([(_SUGGEST_SQL, [key, f"{key}%", f"{key}%", f"% {key}%"] * 3 + [limit * 3])])
    return _unique([name for (name,) in rows])[:limit]


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
    aliases = (
        PlaceAlias.objects.filter(name_key__startswith=key[0])
        .annotate(length=Length("name_key"))
        .filter(length__range=length)
        .values_list("name_key", "name")
    )
    by_key: dict[str, str] = dict(municipalities)  # ordered by population: the biggest of homonyms wins
    for name_key, name in [*aliases, *places]:
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
