"""Turn directory rows (already fetched with their related data) into the API's plain dictionaries.

These functions read only prefetched relations (``.all()`` on prefetched managers), so building a page of results
costs no query per row; the query counts are asserted in api/tests.
"""

from directory.models import Address, Location, Organization, Phone, Schedule, Service, ServiceAtLocation


def phone_dict(phone: Phone) -> dict:
    return {
        "number": phone.number,
        "extension": phone.extension,
        "type": phone.phone_type,
        "description": phone.description,
    }


def phones_of(*groups) -> list[dict]:
    """Phones from several owners (service, location, organisation), most specific first, without repeats."""
    seen: set[tuple[str, str]] = set()
    phones = []
    for group in groups:
        for phone in group:
            key = (phone.number, phone.extension)
            if key not in seen:
                seen.add(key)
                phones.append(phone_dict(phone))
    return phones


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


def result_dict(point: ServiceAtLocation, distance_km: float) -> dict:
    """One search result: the service point with its organisation, service, place and ways to reach it."""
    service = point.service
    organization = service.organization
    location = point.location
    return {
        "id": point.pk,
        "organization": {"id": organization.pk, "name": organization.name or ""},
        "service": {"id": service.pk, "name": service.name or ""},
        "location": location_dict(location),
        "clienteles": [clientele.slug for clientele in service.clienteles.all()],
        "kinds": [kind.slug for kind in service.kinds.all()],
        "languages": languages_of(service.languages.all(), location.languages.all()),
        "phones": phones_of(service.phones.all(), location.phones.all(), organization.phones.all()),
        "website": service.url or organization.website,
        "opening_hours": [schedule_dict(schedule) for schedule in sorted(location.schedules.all(), key=_week_order)],
        "accessibility": [item.description or "" for item in location.accessibility.all()],
        "is_sample": organization.is_sample,
        "distance_km": round(distance_km, 3),
    }


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
