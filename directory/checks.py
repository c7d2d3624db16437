"""Small pure checks and normalisers used by the directory importer (no database)."""

import math
import random
import re
from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

# Québec's extent, with a little margin (degrees, WGS84).
QUEBEC_BBOX = {"min_lat": 44.9, "max_lat": 62.7, "min_lon": -79.9, "max_lon": -57.0}
# How far a location may lie from its municipality's reference point. Large rural municipalities need some room.
MAX_KM_FROM_MUNICIPALITY = 60.0
EARTH_RADIUS_KM = 6371.0088

# Canadian postal codes never use D, F, I, O, Q or U; Québec's start with G, H or J.
_POSTAL_CODE = re.compile(r"^([GHJ][0-9][ABCEGHJ-NPRSTV-Z]) ?([0-9][ABCEGHJ-NPRSTV-Z][0-9])$")
# North American Numbering Plan: +1, area code and exchange not starting with 0 or 1.
_NANP = re.compile(r"^\+1[2-9][0-9]{2}[2-9][0-9]{6}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().\-]")
_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def point_jittered(rng: random.Random, latitude: float, longitude: float, max_km: float) -> tuple[float, float]:
    """A random point at most `max_km` from the given one, uniform over the disc (rounded to about 1 m)."""
    distance = max_km * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    lat = latitude + distance * math.cos(bearing) / 111.32
    lon = longitude + distance * math.sin(bearing) / (111.32 * math.cos(math.radians(latitude)))
    return round(lat, 5), round(lon, 5)


def is_in_quebec_bbox(latitude: float, longitude: float) -> bool:
    b = QUEBEC_BBOX
    return b["min_lat"] <= latitude <= b["max_lat"] and b["min_lon"] <= longitude <= b["max_lon"]


def postal_code_normalise(value: str) -> str | None:
    """ "g5l1a1" -> "G5L 1A1"; None when it is not a well-formed Québec postal code."""
    match = _POSTAL_CODE.match(value.strip().upper())
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def phone_normalise(value: str) -> str | None:
    """ "(418) 555-0123" -> "+14185550123"; None when it is not a North American number."""
    compact = _PHONE_PUNCTUATION.sub("", value.strip())
    if compact.startswith("+"):
        candidate = compact
    elif len(compact) == 10:
        candidate = "+1" + compact
    elif len(compact) == 11 and compact.startswith("1"):
        candidate = "+" + compact
    else:
        return None
    return candidate if _NANP.match(candidate) else None


def is_valid_url(value: str) -> bool:
    try:
        _url_validator(value)
    except ValidationError:
        return False
    return True


def is_valid_email(value: str) -> bool:
    try:
        _email_validator(value)
    except ValidationError:
        return False
    return True


def date_parse(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def time_parse(value: str) -> time | None:
    try:
        return time.fromisoformat(value)
    except ValueError:
        return None


def shorten(value: object, limit: int = 60) -> str:
    """A printable excerpt of a value for an error message (never the whole of a huge input)."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
