"""Turn directory rows into the API's plain dictionaries, in a constant number of queries (asserted in api/tests).

A page of search results is the hot path: it is built from directory.listing's rows (plain SQL, no model
instances), which cost a fraction of the prefetching queryset's time (see bench/search.py). The organisation page
reads prefetched model instances: it is not hot, and clearer that way.
"""

import json

from django.utils import translation
from ninja.responses import NinjaJSONEncoder
from pydantic import TypeAdapter

from directory.listing import ListingPoint, listing_points
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
)
from finder.search import Hit
from speed.fragments import fragments

from .schemas import ResultOut


def results_for(hits: list[Hit]) -> list[dict]:
    """The API's search results for a page of hits, in the hits' order (nearest first)."""
    language = translation.get_language() or "fr"
    points = listing_points([hit.service_point_id for hit in hits], "en" if language.startswith("en") else "fr")
    return [
        result_dict(points[hit.service_point_id], hit.distance_km) for hit in hits if hit.service_point_id in points
    ]


_DISTANCE_MARK = "\x00distance\x00"
_DISTANCE_JSON = json.dumps(_DISTANCE_MARK)
_RESULTS = TypeAdapter(list[ResultOut])
_BETWEEN = ", "  # between two items of a list, as json.dumps writes it


def results_json(hits: list[Hit], request=None) -> list[str]:
    """The API's search results as JSON texts, in the hits' order: the same bytes as ``results_for`` through the
    response schema and ninja's renderer, each kept per data version and language (speed/fragments.py) with only
    the distance written per request."""
    language = "en" if (translation.get_language() or "fr").startswith("en") else "fr"

    def make(missing: list[int]) -> dict[int, tuple[str, str]]:
        return json_parts(listing_points(missing, language))

    parts = fragments(request, "api-result", language, [hit.service_point_id for hit in hits], make)
    texts = []
    for hit in hits:
        kept = parts.get(hit.service_point_id)
        if kept is not None:
            texts.append(kept[0] + json.dumps(round(hit.distance_km, 3)) + kept[1])
    return texts


def json_parts(points: dict[int, ListingPoint]) -> dict[int, tuple[str, str]]:
    """Each result's JSON (validated by ResultOut as ninja does, in one pass for all) before and after its distance.

    The list is written once, with a marker for each distance: between two markers lie the end of one result (the
    same for all, since ``eligibility`` is last and empty) and the start of the next.
    """
    if not points:
        return {}
    results = _RESULTS.dump_python(_RESULTS.validate_python([result_dict(point, 0.0) for point in points.values()]))
    for data in results:
        data["distance_km"] = _DISTANCE_MARK
    pieces = json.dumps(results, cls=NinjaJSONEncoder)[1:-1].split(_DISTANCE_JSON)
    after = pieces[-1]  # the end of every result
    starts = [pieces[0]] + [piece[len(after) + len(_BETWEEN) :] for piece in pieces[1:-1]]
    return {pk: (start, after) for pk, start in zip(points, starts, strict=True)}


def result_dict(point: ListingPoint, distance_km: float) -> dict:
    address = point.address
    phones = point.service_phones + point.location_phones + point.organization_phones
    return {
        "id": point.id,
        "organization": {"id": point.organization_id, "name": point.organization_name},
        "service": {"id": point.service_id, "name": point.service_name},
        "location": {
            "id": point.location_id,
            "name": point.location_name,
            "address": address.street if address else "",
            "postal_code": address.postal_code if address else "",
            "municipality": point.municipality,
            "region_code": point.region_code,
            "latitude": point.latitude,
            "longitude": point.longitude,
        },
        "clienteles": [term.slug for term in point.clienteles],
        "kinds": [term.slug for term in point.kinds],
        "languages": [spoken.code for spoken in point.languages],
        "phones": unique_phones(
            {"number": row.number, "extension": row.extension, "type": row.phone_type, "description": row.description}
            for row in phones
        ),
        "website": point.website,
        "is_sample": point.is_sample,
        "distance_km": round(distance_km, 3),
    }


def unique_phones(phones) -> list[dict]:
    """The first of each (number, extension): callers list the most specific owner first."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for phone in phones:
        key = (phone["number"], phone["extension"])
        if key not in seen:
            seen.add(key)
            kept.append(phone)
    return kept


def phone_dict(phone: Phone) -> dict:
    return {
        "number": phone.number,
        "extension": phone.extension,
        "type": phone.phone_type,
        "description": phone.description,
    }


def phones_of(*groups) -> list[dict]:
    """Phones from several owners (service, location, organisation), most specific first, without repeats."""
    return unique_phones(phone_dict(phone) for group in groups for phone in group)


def physical_address(location: Location) -> Address | None:
    addresses = list(location.addresses.all())
    for address in addresses:
        if address.address_type == Address.Kind.PHYSICAL:
            return address
    return addresses[0] if addresses else None


def location_dict(location: Location) -> dict:
    address = physical_address(location)
    street = ", ".join(part for part in (address.address_1, address.address_2) if part) if address else ""
    return {
        "id": location.pk,
        "name": location.name or "",
        "address": street,
        "postal_code": address.postal_code if address else "",
        "municipality": location.municipality.name,
        "region_code": location.region_id,
        "latitude": location.latitude,
        "longitude": location.longitude,
    }


def languages_of(*groups) -> list[str]:
    codes: list[str] = []
    for group in groups:
        for language in group:
            if language.code not in codes:
                codes.append(language.code)
    return codes


def _week_order(schedule: Schedule) -> tuple:
    return Schedule.DAY_ORDER.index(schedule.byday), schedule.opens_at


def schedule_dict(schedule: Schedule) -> dict:
    return {
        "day": schedule.byday,
        "opens_at": schedule.opens_at.strftime("%H:%M"),
        "closes_at": schedule.closes_at.strftime("%H:%M"),
        "note": schedule.description or "",
    }


def service_dict(service: Service) -> dict:
    return {
        "id": service.pk,
        "name": service.name or "",
        "description": service.description or "",
        "clienteles": [clientele.slug for clientele in service.clienteles.all()],
        "kinds": [kind.slug for kind in service.kinds.all()],
        "languages": languages_of(service.languages.all()),
        "website": service.url,
        "email": service.email,
        "fees": service.fees_description or "",
        "who_can_use_it": service.eligibility_description or "",
        "how_to_start": service.application_process or "",
        "last_verified_on": service.assured_date,
        "phones": phones_of(service.phones.all()),
    }


def location_detail_dict(location: Location) -> dict:
    return {
        **location_dict(location),
        "description": location.description or "",
        "transportation": location.transportation or "",
        "phones": phones_of(location.phones.all()),
        "opening_hours": [schedule_dict(schedule) for schedule in sorted(location.schedules.all(), key=_week_order)],
        "accessibility": [item.description or "" for item in location.accessibility.all()],
        "service_point_ids": sorted(point.pk for point in location.service_at_locations.all()),
    }


def organization_dict(organization: Organization) -> dict:
    return {
        "id": organization.pk,
        "slug": organization.slug,
        "name": organization.name or "",
        "alternate_name": organization.alternate_name,
        "description": organization.description or "",
        "email": organization.email,
        "website": organization.website,
        "is_sample": organization.is_sample,
        "phones": phones_of(organization.phones.all()),
        "services": [service_dict(service) for service in organization.services.all()],
        "locations": [location_detail_dict(location) for location in organization.locations.all()],
    }
