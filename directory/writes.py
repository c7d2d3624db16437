"""Save checked organisation records: bulk creation of new organisations, in-place replacement of changed ones.

Replacement keeps the ids of services, locations and service points that are still in the record (matched by slug,
and by (service, location) for points), so links to them survive a re-import; their details (phones, hours,
languages, addresses…) are replaced wholesale, as nothing outside the directory refers to them.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models

from .clientele_mask import masks_refresh
from .models import (
    Accessibility,
    Address,
    Clientele,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
)
from .records import (
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServicePointRecord,
    ServiceRecord,
)

BATCH = 2000
ServiceClientele = Service.clienteles.through
ServiceKindLink = Service.kinds.through


def _uid(r: Any) -> dict[str, Any]:
    """The record's HSDS id when it has one (HSDS import); otherwise the row keeps (or gets) its own."""
    return {"uuid": r.uuid} if r.uuid else {}


def _org_values(r: OrganizationRecord) -> dict[str, Any]:
    return {
        **_uid(r),
        "hsds_extra": r.hsds_extra,
        **r.name.columns("name"),
        **r.description.columns("description"),
        "alternate_name": r.alternate_name,
        "email": r.email,
        "website": r.website,
        "is_member": r.is_member,
        "is_sample": r.is_sample,
        "import_hash": r.digest,
    }


def _service_values(r: ServiceRecord) -> dict[str, Any]:
    return {
        **_uid(r),
        "hsds_extra": r.hsds_extra,
        **r.name.columns("name"),
        **r.description.columns("description"),
        **r.fees_description.columns("fees_description"),
        **r.eligibility_description.columns("eligibility_description"),
        **r.application_process.columns("application_process"),
        "url": r.url,
        "email": r.email,
        "status": r.status,
        "assured_date": r.assured_date,
        "assurer": r.assurer,
    }


def _location_values(r: LocationRecord) -> dict[str, Any]:
    return {
        **_uid(r),
        "hsds_extra": r.hsds_extra,
        **r.name.columns("name"),
        **r.description.columns("description"),
        **r.transportation.columns("transportation"),
        "latitude": r.latitude,
        "longitude": r.longitude,
        "municipality_id": r.municipality_code,
        "region_id": r.region_code,
    }


def _point_values(r: ServicePointRecord, location: Location) -> dict[str, Any]:
    return {
        **_uid(r),
        "hsds_extra": r.hsds_extra,
        **r.description.columns("description"),
        "latitude": location.latitude,
        "longitude": location.longitude,
        "region_id": location.region_id,
        "is_active": r.is_active,
    }


def _phones(phones: list[PhoneRecord], **owner: Any) -> list[Phone]:
    return [
        Phone(
            number=p.number,
            extension=p.extension,
            phone_type=p.phone_type,
            **p.description.columns("description"),
            **_uid(p),
            **owner,
        )
        for p in phones
    ]


def _schedules(schedules: list[ScheduleRecord], **owner: Any) -> list[Schedule]:
    return [
        Schedule(
            byday=s.byday,
            opens_at=s.opens_at,
            closes_at=s.closes_at,
            **s.description.columns("description"),
            **_uid(s),
            **owner,
        )
        for s in schedules
    ]


class _Rows:
    """Unsaved rows of every kind, created in dependency order by `flush()`."""

    def __init__(self) -> None:
        self.rows: dict[type[models.Model], list[models.Model]] = {}
        self.clientele_ids = dict(Clientele.objects.values_list("slug", "id"))
        self.kind_ids = dict(ServiceKind.objects.values_list("slug", "id"))

    def add(self, model: type[models.Model], items: Iterable[models.Model]) -> None:
        self.rows.setdefault(model, []).extend(items)

    def service_details(self, service: Service, r: ServiceRecord) -> None:
        self.add(
            ServiceClientele,
            (ServiceClientele(service=service, clientele_id=self.clientele_ids[s]) for s in r.clienteles),
        )
        self.add(ServiceKindLink, (ServiceKindLink(service=service, servicekind_id=self.kind_ids[s]) for s in r.kinds))
        self.add(Phone, _phones(r.phones, service=service))
        self.add(Schedule, _schedules(r.schedules, service=service))
        self.add(
            Language, (Language(service=service, code=x.code, **x.name.columns("name"), **_uid(x)) for x in r.languages)
        )
        self.add(
            ServiceArea,
            (
                ServiceArea(
                    service=service,
                    region_id=a.region_code,
                    municipality_id=a.municipality_code,
                    **a.name.columns("name"),
                    **a.description.columns("description"),
                    **_uid(a),
                )
                for a in r.service_areas
            ),
        )

    def location_details(self, location: Location, r: LocationRecord) -> None:
        self.add(
            Address,
            (
                Address(
                    location=location,
                    address_type=a.address_type,
                    address_1=a.address_1,
                    address_2=a.address_2,
                    city=a.city,
                    postal_code=a.postal_code,
                    **_uid(a),
                )
                for a in r.addresses
            ),
        )
        self.add(Phone, _phones(r.phones, location=location))
        self.add(Schedule, _schedules(r.schedules, location=location))
        self.add(
            Language,
            (Language(location=location, code=x.code, **x.name.columns("name"), **_uid(x)) for x in r.languages),
        )
        self.add(
            Accessibility,
            (
                Accessibility(
                    location=location,
                    url=a.url,
                    **a.description.columns("description"),
                    **a.details.columns("details"),
                    **_uid(a),
                )
                for a in r.accessibility
            ),
        )

    def flush(self) -> None:
        for model, items in self.rows.items():
            model.objects.bulk_create(items, batch_size=BATCH)
        self.rows.clear()


def organizations_create(records: list[OrganizationRecord]) -> None:
    """Create new organisations and everything under them with a handful of bulk inserts."""
    orgs = Organization.objects.bulk_create(
        [Organization(slug=r.slug, **_org_values(r)) for r in records], batch_size=BATCH
    )
    services: list[tuple[Service, ServiceRecord]] = []
    locations: list[tuple[Location, LocationRecord]] = []
    for org, r in zip(orgs, records, strict=True):
        services += [(Service(organization=org, slug=s.slug, **_service_values(s)), s) for s in r.services]
        locations += [(Location(organization=org, slug=loc.slug, **_location_values(loc)), loc) for loc in r.locations]
    Service.objects.bulk_create([s for s, _ in services], batch_size=BATCH)
    Location.objects.bulk_create([loc for loc, _ in locations], batch_size=BATCH)
    rows = _Rows()
    for service, r in services:
        rows.service_details(service, r)
    for location, r in locations:
        rows.location_details(location, r)
    by_org_service = {(s.organization_id, s.slug): s for s, _ in services}
    by_org_location = {(loc.organization_id, loc.slug): loc for loc, _ in locations}
    for org, r in zip(orgs, records, strict=True):
        rows.add(Phone, _phones(r.phones, organization=org))
        for p in r.service_points:
            location = by_org_location[(org.pk, p.location_slug)]
            service = by_org_service[(org.pk, p.service_slug)]
            rows.add(
                ServiceAtLocation, [ServiceAtLocation(service=service, location=location, **_point_values(p, location))]
            )
    rows.flush()
    masks_refresh(s.pk for s, _ in services)  # bulk inserts send no signals


def _upsert(model: type[models.Model], existing: models.Model | None, values: dict[str, Any], **keys: Any):
    if existing is None:
        return model.objects.create(**keys, **values)
    for key, value in values.items():
        setattr(existing, key, value)
    existing.save()
    return existing


def organization_replace(*, org: Organization, record: OrganizationRecord) -> None:
    """Make an existing organisation match its record, keeping the ids of what is still there."""
    _upsert(Organization, org, _org_values(record))
    org.services.exclude(slug__in=[s.slug for s in record.services]).delete()
    org.locations.exclude(slug__in=[loc.slug for loc in record.locations]).delete()
    for model in (Phone, Schedule, Language):
        model.objects.filter(service__organization=org).delete()
        model.objects.filter(location__organization=org).delete()
    Phone.objects.filter(organization=org).delete()
    ServiceArea.objects.filter(service__organization=org).delete()
    Address.objects.filter(location__organization=org).delete()
    Accessibility.objects.filter(location__organization=org).delete()
    ServiceClientele.objects.filter(service__organization=org).delete()
    ServiceKindLink.objects.filter(service__organization=org).delete()

    rows = _Rows()
    current_services = {s.slug: s for s in org.services.all()}
    services = {}
    for r in record.services:
        services[r.slug] = _upsert(
            Service, current_services.get(r.slug), _service_values(r), organization=org, slug=r.slug
        )
        rows.service_details(services[r.slug], r)
    current_locations = {loc.slug: loc for loc in org.locations.all()}
    locations = {}
    for r in record.locations:
        locations[r.slug] = _upsert(
            Location, current_locations.get(r.slug), _location_values(r), organization=org, slug=r.slug
        )
        rows.location_details(locations[r.slug], r)
    rows.add(Phone, _phones(record.phones, organization=org))

    current_points = {
        (p.service_id, p.location_id): p for p in ServiceAtLocation.objects.filter(service__organization=org)
    }
    keep = set()
    for r in record.service_points:
        service, location = services[r.service_slug], locations[r.location_slug]
        point = _upsert(
            ServiceAtLocation,
            current_points.get((service.pk, location.pk)),
            _point_values(r, location),
            service=service,
            location=location,
        )
        keep.add(point.pk)
    ServiceAtLocation.objects.filter(service__organization=org).exclude(pk__in=keep).delete()
    rows.flush()
    masks_refresh(service.pk for service in services.values())  # the links were replaced in bulk


def location_points_sync(*, location: Location) -> int:
    """Copy a location's coordinates and region to its service points (after an edit). Returns rows updated."""
    return ServiceAtLocation.objects.filter(location=location).update(
        latitude=location.latitude, longitude=location.longitude, region_id=location.region_id
    )


def point_copy_location(point: ServiceAtLocation) -> None:
    """Copy the location's coordinates and region onto an (unsaved) service point."""
    location = point.location
    point.latitude, point.longitude, point.region_id = location.latitude, location.longitude, location.region_id
