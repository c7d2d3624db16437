"""Turn directory rows into the API's plain dictionaries, in a constant number of queries (asserted in api/tests).

A page of search results is the hot path: it reads flat ``values()`` rows (one query per kind of related data,
no model instances), which costs a fraction of the prefetching queryset's time (see bench/search.py). The
organisation page reads prefetched model instances: it is not hot, and clearer that way.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils import translation

from directory.models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from finder.search import Hit

POINT_FIELDS = (
    "id",
    "service_id",
    "location_id",
    "latitude",
    "longitude",
    "region_id",
    "service__name_fr",
    "service__name_en",
    "service__url",
    "service__organization_id",
    "service__organization__name_fr",
    "service__organization__name_en",
    "service__organization__website",
    "service__organization__is_sample",
    "location__name_fr",
    "location__name_en",
    "location__municipality__name",
)
PHONE_FIELDS = ("organization_id", "service_id", "location_id", "number", "extension", "phone_type")


def _text(row: dict, field: str, language: str) -> str:
    """The text in the active language, falling back to French (as modeltranslation does)."""
    return row.get(f"{field}_{language}") or row.get(f"{field}_fr") or ""


def _grouped(rows, key: str) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def results_for(hits: list[Hit]) -> list[dict]:
    """The API's search results for a page of hits, in the hits' order (nearest first)."""
    if not hits:
        return []
    language = translation.get_language() or "fr"
    language = language[:2] if language[:2] in ("fr", "en") else "fr"
    points = ServiceAtLocation.objects.filter(
        pk__in=[hit.service_point_id for hit in hits], is_active=True, service__status=Service.Status.ACTIVE
    ).values(*POINT_FIELDS)
    points = {row["id"]: row for row in points}
    services = {row["service_id"] for row in points.values()}
    locations = {row["location_id"] for row in points.values()}
    organizations = {row["service__organization_id"] for row in points.values()}

    clienteles = _grouped(
        Service.clienteles.through.objects.filter(service_id__in=services)
        .order_by("clientele__position", "clientele__slug")
        .values("service_id", "clientele__slug"),
        "service_id",
    )
    kinds = _grouped(
        Service.kinds.through.objects.filter(service_id__in=services)
        .order_by("servicekind__position", "servicekind__slug")
        .values("service_id", "servicekind__slug"),
        "service_id",
    )
    languages = list(
        Language.objects.filter(Q(service_id__in=services) | Q(location_id__in=locations))
        .order_by("pk")
        .values("service_id", "location_id", "code")
    )
    phones = list(
        Phone.objects.filter(
            Q(service_id__in=services) | Q(location_id__in=locations) | Q(organization_id__in=organizations)
        )
        .order_by("pk")
        .values(*PHONE_FIELDS, "description_fr", "description_en")
    )
    addresses = _grouped(
        Address.objects.filter(location_id__in=locations)
        .order_by("address_type", "pk")
        .values("location_id", "address_1", "address_2", "postal_code"),
        "location_id",
    )

    results = []
    for hit in hits:
        row = points.get(hit.service_point_id)
        if row is None:
            continue
        service_id, location_id = row["service_id"], row["location_id"]
        organization_id = row["service__organization_id"]
        address = (addresses.get(location_id) or [None])[0]
        street = ", ".join(part for part in (address["address_1"], address["address_2"]) if part) if address else ""
        results.append(
            {
                "id": row["id"],
                "organization": {"id": organization_id, "name": _text(row, "service__organization__name", language)},
                "service": {"id": service_id, "name": _text(row, "service__name", language)},
                "location": {
                    "id": location_id,
                    "name": _text(row, "location__name", language),
                    "address": street,
                    "postal_code": address["postal_code"] if address else "",
                    "municipality": row["location__municipality__name"],
                    "region_code": row["region_id"],
                    "latitude": row["latitude"],
                    "longitude": row["longitude"],
                },
                "clienteles": [item["clientele__slug"] for item in clienteles.get(service_id, [])],
                "kinds": [item["servicekind__slug"] for item in kinds.get(service_id, [])],
                "languages": list(
                    dict.fromkeys(
                        item["code"]
                        for owner in ("service_id", "location_id")
                        for item in languages
                        if item[owner] == (service_id if owner == "service_id" else location_id)
                    )
                ),
                "phones": _phones_from_rows(phones, service_id, location_id, organization_id, language),
                "website": row["service__url"] or row["service__organization__website"],
                "is_sample": row["service__organization__is_sample"],
                "distance_km": round(hit.distance_km, 3),
            }
        )
    return results


def _phones_from_rows(
    rows: list[dict], service_id: int, location_id: int, organization_id: int, language: str
) -> list[dict]:
    """Phones of the service, then the location, then the organisation, without repeats."""
    ordered = [r for r in rows if r["service_id"] == service_id]
    ordered += [r for r in rows if r["location_id"] == location_id]
    ordered += [r for r in rows if r["organization_id"] == organization_id]
    return unique_phones(
        {
            "number": r["number"],
            "extension": r["extension"],
            "type": r["phone_type"],
            "description": _text(r, "description", language),
        }
        for r in ordered
    )


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
