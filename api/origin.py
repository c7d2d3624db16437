"""Where a search starts: a place typed by a person or a latitude/longitude pair, resolved by geography."""

from geography.resolve import Resolution, resolve_coordinates, resolve_place

from .errors import ApiError


def origin_of(resolution: Resolution) -> dict:
    if resolution.origin is None:
        raise ApiError(
            resolution.error or "unknown_place",
            message=str(resolution.message or ""),
            suggestions=[str(suggestion) for suggestion in resolution.suggestions],
        )
    origin = resolution.origin
    return {
        "label": origin.label,
        "latitude": origin.latitude,
        "longitude": origin.longitude,
        "region": {"code": origin.region_code, "name": origin.region_name} if origin.region_name else None,
        "precision": origin.precision,
    }


def origin_for(*, near: str | None, lat: float | None, lon: float | None) -> dict:
    """The origin of a search; ``near`` wins when both a text and coordinates are given."""
    if near:
        return origin_of(resolve_place(near))
    if lat is not None and lon is not None:
        return origin_of(resolve_coordinates(lat, lon))
    if lat is not None or lon is not None:
        raise ApiError("invalid_coordinates")
    raise ApiError("empty")
