"""The directory read for the export as plain rows (``values()``, a few queries per chunk of organisations), shaped
like the models the export functions read (attributes, ``.all()`` on children). Building model instances and
prefetch querysets cost about 0.5 ms per organisation; plain rows are what makes a 100,000-service export fast."""

from collections.abc import Iterator
from typing import Any

from directory.models import (
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

CHUNK = 500


class Many(list):
    """A list that answers ``.all()`` like a related manager."""

    def all(self):
        return self


class Row:
    def __init__(self, values: dict[str, Any]):
        self.__dict__.update(values)


def _t(*names: str) -> list[str]:
    return [f"{name}_{lang}" for name in names for lang in ("fr", "en")]


FIELDS = {
    Organization: ["id", "uuid", "hsds_extra", "alternate_name", "email", "website", "is_sample", "is_member",
                   *_t("name", "description")],
    Location: ["id", "uuid", "hsds_extra", "organization_id", "latitude", "longitude", "municipality_id", "region_id",
               *_t("name", "description", "transportation")],
    Service: ["id", "uuid", "hsds_extra", "organization_id", "url", "email", "status", "assured_date", "assurer",
              "updated_at", *_t("name", "description", "application_process", "fees_description",
                                "eligibility_description")],
    Address: ["id", "uuid", "location_id", "address_1", "address_2", "city", "state_province", "postal_code",
              "country", "address_type"],
    Accessibility: ["id", "uuid", "location_id", "url", *_t("description", "details")],
    Phone: ["id", "uuid", "organization_id", "service_id", "location_id", "number", "extension", "phone_type",
            *_t("description")],
    Schedule: ["id", "uuid", "service_id", "location_id", "byday", "opens_at", "closes_at", *_t("description")],
    Language: ["id", "uuid", "service_id", "location_id", "code", *_t("name")],
    ServiceArea: ["id", "uuid", "service_id", "region_id", "municipality_id", *_t("name", "description")],
    ServiceAtLocation: ["id", "uuid", "hsds_extra", "service_id", "location_id", "is_active", *_t("description")],
}  # fmt: skip


def _rows(model, **filters: Any) -> list[Row]:
    return [Row(values) for values in model.objects.filter(**filters).order_by("id").values(*FIELDS[model])]


def _group(rows: list[Row], key: str) -> dict[int, Many]:
    grouped: dict[int, Many] = {}
    for row in rows:
        owner = getattr(row, key)
        if owner is not None:
            grouped.setdefault(owner, Many()).append(row)
    return grouped


def organization_ids(*, region: str | None = None, organization: str | None = None) -> list[int]:
    from .export import organizations_queryset

    return list(
        organizations_queryset(region=region, organization=organization)
        .prefetch_related(None)
        .values_list("id", flat=True)
    )


def organizations_rows(ids: list[int]) -> Iterator[Row]:
    """Organisations (in the order of `ids`) with every child the export reads, CHUNK at a time."""
    clienteles = {c.pk: c for c in Clientele.objects.all()}
    kinds = {k.pk: k for k in ServiceKind.objects.all()}
    clientele_links = Service.clienteles.through.objects
    kind_links = Service.kinds.through.objects
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        orgs = {row.id: row for row in _rows(Organization, id__in=chunk)}
        locations = _rows(Location, organization_id__in=chunk)
        services = _rows(Service, organization_id__in=chunk)
        location_ids = [loc.id for loc in locations]
        service_ids = [s.id for s in services]
        by_location = {
            name: _group(_rows(model, location_id__in=location_ids), "location_id")
            for name, model in (("languages", Language), ("addresses", Address), ("accessibility", Accessibility),
                                ("phones", Phone), ("schedules", Schedule))
        }  # fmt: skip
        by_service = {
            name: _group(_rows(model, service_id__in=service_ids), "service_id")
            for name, model in (("phones", Phone), ("schedules", Schedule), ("service_areas", ServiceArea),
                                ("languages", Language), ("service_at_locations", ServiceAtLocation))
        }  # fmt: skip
        org_phones = _group(_rows(Phone, organization_id__in=chunk), "organization_id")
        terms: dict[str, dict[int, Many]] = {"clienteles": {}, "kinds": {}}
        for service_id, term_id in clientele_links.filter(service_id__in=service_ids).values_list(
            "service_id", "clientele_id"
        ):
            terms["clienteles"].setdefault(service_id, Many()).append(clienteles[term_id])
        for service_id, term_id in kind_links.filter(service_id__in=service_ids).values_list(
            "service_id", "servicekind_id"
        ):
            terms["kinds"].setdefault(service_id, Many()).append(kinds[term_id])
        locations_by_id = {}
        for org in orgs.values():
            org.locations, org.services, org.phones = Many(), Many(), org_phones.get(org.id, Many())
        # Children point to their parent through a small stand-in holding its UUID, never the parent itself: no
        # reference cycles, so each chunk is freed as soon as it is written (memory stays flat).
        refs = {org.id: Row({"uuid": org.uuid}) for org in orgs.values()}
        for loc in locations:
            loc.organization = refs[loc.organization_id]
            orgs[loc.organization_id].locations.append(loc)
            for name, grouped in by_location.items():
                setattr(loc, name, grouped.get(loc.id, Many()))
            locations_by_id[loc.id] = loc
        for s in services:
            s.organization = refs[s.organization_id]
            orgs[s.organization_id].services.append(s)
            for name, grouped in by_service.items():
                setattr(s, name, grouped.get(s.id, Many()))
            for name, grouped in terms.items():
                setattr(s, name, grouped.get(s.id, Many()))
            for point in s.service_at_locations:
                point.service, point.location = Row({"uuid": s.uuid}), locations_by_id[point.location_id]
        for org_id in chunk:
            if org_id in orgs:
                yield orgs[org_id]
