"""Save checked organisation records, a batch at a time: new organisations are created, changed ones replaced in
place, each kind of row in a few multi-row statements (directory/bulk.py) whatever the number of organisations.

Replacement keeps the ids (and UUIDs) of services, locations and service points that are still in the record (matched
by slug, and by (service, location) for points), so links to them survive a re-import; their details (phones, hours,
languages, addresses…) are replaced wholesale, as nothing outside the directory refers to them.

The records were checked by directory/validation.py: nothing here validates again, and no signal is sent (the
clientèle mask the signals would refresh is written with each service point).
"""

import functools
from typing import Any

from django.db import models

from .bulk import Table
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

ServiceClientele = Service.clienteles.through
ServiceKindLink = Service.kinds.through
# Parents before children: the order rows are written in.
DETAIL_MODELS = (ServiceClientele, ServiceKindLink, Phone, Schedule, Language, ServiceArea, Address, Accessibility)


@functools.cache
def table(model: type[models.Model]) -> Table:
    return Table(model)


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
        "slug": r.slug,
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
        "slug": r.slug,
        **r.name.columns("name"),
        **r.description.columns("description"),
        **r.transportation.columns("transportation"),
        "latitude": r.latitude,
        "longitude": r.longitude,
        "municipality_id": r.municipality_code,
        "region_id": r.region_code,
    }


def _point_values(r: ServicePointRecord, location: LocationRecord, clientele_mask: int) -> dict[str, Any]:
    """Coordinates and region are the location's, copied so the finder's search reads one table; the mask is the
    service's clientèles (directory/clientele_mask.py), written with the row rather than refreshed after it."""
    return {
        **_uid(r),
        "hsds_extra": r.hsds_extra,
        "clientele_mask": clientele_mask,
        **r.description.columns("description"),
        "latitude": location.latitude,
        "longitude": location.longitude,
        "region_id": location.region_code,
        "is_active": r.is_active,
    }


def _phones(phones: list[PhoneRecord], **owner: Any) -> list[dict[str, Any]]:
    return [
        {
            "number": p.number,
            "extension": p.extension,
            "phone_type": p.phone_type,
            **p.description.columns("description"),
            **_uid(p),
            **owner,
        }
        for p in phones
    ]


def _schedules(schedules: list[ScheduleRecord], **owner: Any) -> list[dict[str, Any]]:
    return [
        {
            "byday": s.byday,
            "opens_at": s.opens_at,
            "closes_at": s.closes_at,
            **s.description.columns("description"),
            **_uid(s),
            **owner,
        }
        for s in schedules
    ]


class _Details:
    """The rows under services and locations (phones, hours, languages, links to terms…), inserted by `flush()`."""

    def __init__(self) -> None:
        self.rows: dict[type[models.Model], list[dict[str, Any]]] = {model: [] for model in DETAIL_MODELS}
        self.clientele_ids = dict(Clientele.objects.values_list("slug", "id"))
        self.kind_ids = dict(ServiceKind.objects.values_list("slug", "id"))

    def organization(self, org_id: int, r: OrganizationRecord, services: dict[str, int], locations: dict[str, int]):
        """Everything under one organisation; `services` and `locations` give the ids of its rows by slug."""
        rows = self.rows
        rows[Phone] += _phones(r.phones, organization_id=org_id)
        for s in r.services:
            pk = services[s.slug]
            rows[ServiceClientele] += [{"service_id": pk, "clientele_id": self.clientele_ids[c]} for c in s.clienteles]
            rows[ServiceKindLink] += [{"service_id": pk, "servicekind_id": self.kind_ids[k]} for k in s.kinds]
            self.hours_phones_languages(s, service_id=pk)
            rows[ServiceArea] += [
                {
                    "service_id": pk,
                    "region_id": a.region_code,
                    "municipality_id": a.municipality_code,
                    **a.name.columns("name"),
                    **a.description.columns("description"),
                    **_uid(a),
                }
                for a in s.service_areas
            ]
        for loc in r.locations:
            pk = locations[loc.slug]
            rows[Address] += [
                {
                    "location_id": pk,
                    "address_type": a.address_type,
                    "address_1": a.address_1,
                    "address_2": a.address_2,
                    "city": a.city,
                    "postal_code": a.postal_code,
                    **_uid(a),
                }
                for a in loc.addresses
            ]
            self.hours_phones_languages(loc, location_id=pk)
            rows[Accessibility] += [
                {
                    "location_id": pk,
                    "url": a.url,
                    **a.description.columns("description"),
                    **a.details.columns("details"),
                    **_uid(a),
                }
                for a in loc.accessibility
            ]

    def hours_phones_languages(self, r: ServiceRecord | LocationRecord, **owner: int) -> None:
        """What services and locations both have."""
        self.rows[Phone] += _phones(r.phones, **owner)
        self.rows[Schedule] += _schedules(r.schedules, **owner)
        self.rows[Language] += [{**owner, "code": x.code, **x.name.columns("name"), **_uid(x)} for x in r.languages]

    def flush(self) -> None:
        for model, rows in self.rows.items():
            table(model).insert(rows)
            rows.clear()


def _point_rows(org_id_records, services, locations) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    """((service id, location id), values) of every service point of the records."""
    bits = dict(Clientele.objects.values_list("slug", "bit"))
    found = []
    for org_id, r in org_id_records:
        by_slug = {loc.slug: loc for loc in r.locations}
        masks = {s.slug: sum(1 << bits[c] for c in set(s.clienteles)) for s in r.services}
        for p in r.service_points:
            key = (services[(org_id, p.service_slug)], locations[(org_id, p.location_slug)])
            found.append((key, _point_values(p, by_slug[p.location_slug], masks[p.service_slug])))
    return found


def _save(records: list[OrganizationRecord], org_ids: list[int], existing: dict[str, dict] | None = None) -> None:
    """Write the services, locations, points and details of organisations whose own row is written (`org_ids`, in
    the order of `records`). `existing`: the ids of the rows they already have ("services", "locations" by
    (org id, slug), "points" by (service id, location id)); None for new organisations."""
    existing = existing or {"services": {}, "locations": {}, "points": {}}
    pairs = list(zip(org_ids, records, strict=True))
    ids: dict[str, dict[tuple[int, str], int]] = {}
    for name, model, values, children in (
        ("services", Service, _service_values, lambda r: r.services),
        ("locations", Location, _location_values, lambda r: r.locations),
    ):
        current = existing[name]
        rows = [(org_id, child) for org_id, r in pairs for child in children(r)]
        ids[name] = {(org_id, c.slug): current[(org_id, c.slug)] for org_id, c in rows if (org_id, c.slug) in current}
        table(model).update([{"id": ids[name][(o, c.slug)], **values(c)} for o, c in rows if (o, c.slug) in current])
        new = [(org_id, c) for org_id, c in rows if (org_id, c.slug) not in current]
        created = table(model).insert([{"organization_id": o, **values(c)} for o, c in new], returning=True)
        ids[name].update(((o, c.slug), pk) for (o, c), pk in zip(new, created, strict=True))
    points = _point_rows(pairs, ids["services"], ids["locations"])
    current = existing["points"]
    table(ServiceAtLocation).update([{"id": current[key], **values} for key, values in points if key in current])
    table(ServiceAtLocation).insert(
        [{"service_id": s, "location_id": loc, **values} for (s, loc), values in points if (s, loc) not in current]
    )
    details = _Details()
    for org_id, r in pairs:
        details.organization(
            org_id,
            r,
            {s.slug: ids["services"][(org_id, s.slug)] for s in r.services},
            {loc.slug: ids["locations"][(org_id, loc.slug)] for loc in r.locations},
        )
    details.flush()


def organizations_create(records: list[OrganizationRecord]) -> None:
    """Create new organisations and everything under them: a few multi-row inserts per kind of row."""
    org_ids = table(Organization).insert([{"slug": r.slug, **_org_values(r)} for r in records], returning=True)
    _save(records, org_ids)


def _ids_by(queryset: models.QuerySet, *key: str) -> dict[tuple, int]:
    return {tuple(row[1:]): row[0] for row in queryset.values_list("id", *key)}


def organizations_replace(records: list[OrganizationRecord]) -> None:
    """Make existing organisations (matched by slug) match their records, keeping the ids of what is still there."""
    by_slug = dict(Organization.objects.filter(slug__in=[r.slug for r in records]).values_list("slug", "id"))
    org_ids = [by_slug[r.slug] for r in records]
    existing = {
        "services": _ids_by(Service.objects.filter(organization_id__in=org_ids), "organization_id", "slug"),
        "locations": _ids_by(Location.objects.filter(organization_id__in=org_ids), "organization_id", "slug"),
        "points": _ids_by(
            ServiceAtLocation.objects.filter(service__organization_id__in=org_ids), "service_id", "location_id"
        ),
    }
    pairs = list(zip(org_ids, records, strict=True))
    # What left the records goes, with what hangs on it (the ORM's delete: other apps' links are kept or cleared).
    for kind, model in (("services", Service), ("locations", Location)):
        wanted = {(org_id, child.slug) for org_id, r in pairs for child in getattr(r, kind)}
        gone = {pk for key, pk in existing[kind].items() if key not in wanted}
        if gone:
            model.objects.filter(pk__in=gone).delete()
            existing[kind] = {key: pk for key, pk in existing[kind].items() if pk not in gone}
    services, locations = existing["services"], existing["locations"]
    kept = {
        (services[(org_id, p.service_slug)], locations[(org_id, p.location_slug)])
        for org_id, r in pairs
        for p in r.service_points
        if (org_id, p.service_slug) in services and (org_id, p.location_slug) in locations
    }
    gone_points = [pk for key, pk in existing["points"].items() if key not in kept]
    if gone_points:
        ServiceAtLocation.objects.filter(pk__in=gone_points).delete()
    existing["points"] = {key: pk for key, pk in existing["points"].items() if key in kept}
    for model in (Phone, Schedule, Language):
        model.objects.filter(service__organization_id__in=org_ids).delete()
        model.objects.filter(location__organization_id__in=org_ids).delete()
    Phone.objects.filter(organization_id__in=org_ids).delete()
    ServiceArea.objects.filter(service__organization_id__in=org_ids).delete()
    Address.objects.filter(location__organization_id__in=org_ids).delete()
    Accessibility.objects.filter(location__organization_id__in=org_ids).delete()
    ServiceClientele.objects.filter(service__organization_id__in=org_ids).delete()
    ServiceKindLink.objects.filter(service__organization_id__in=org_ids).delete()
    table(Organization).update([{"id": org_id, **_org_values(r)} for org_id, r in pairs])
    _save(records, org_ids, existing)


def location_points_sync(*, location: Location) -> int:
    """Copy a location's coordinates and region to its service points (after an edit). Returns rows updated."""
    return ServiceAtLocation.objects.filter(location=location).update(
        latitude=location.latitude, longitude=location.longitude, region_id=location.region_id
    )


def point_copy_location(point: ServiceAtLocation) -> None:
    """Copy the location's coordinates and region onto an (unsaved) service point."""
    location = point.location
    point.latitude, point.longitude, point.region_id = location.latitude, location.longitude, location.region_id
