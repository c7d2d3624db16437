"""The directory as HSDS 3.0 compiled objects, in one language (HSDS text is single-language).

Each function turns a model row (with its prefetched children) into the dictionary the compiled schema describes;
empty values are omitted. What an HSDS import carried without a column here (``hsds_extra``) is published again.
Streaming: ``organizations_stream`` reads the directory in chunks, so memory stays flat on a large directory.
"""

import uuid
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from directory.models import (
    Clientele,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceKind,
)

from . import profile

CHUNK = 500


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in ("", None, [], {})}


def text(obj: Any, name: str, lang: str) -> str:
    """The field in `lang`, the French one when it is empty (as the site shows it)."""
    return (getattr(obj, f"{name}_{lang}", "") or getattr(obj, f"{name}_fr", "") or "").strip()


def _with_extra(values: dict[str, Any], obj: Any, lang: str) -> dict[str, Any]:
    """Merge what an import kept verbatim: lists are appended to ours, other properties only fill gaps."""
    extra = (obj.hsds_extra or {}).get(lang) or (obj.hsds_extra or {}).get("fr") or {}
    for key, value in extra.items():
        if key in values and isinstance(values[key], list) and isinstance(value, list):
            values[key] = values[key] + value
        elif key not in values:
            values[key] = value
    return values


def taxonomy_object(taxonomy: profile.Taxonomy, lang: str) -> dict[str, Any]:
    return {
        "id": str(taxonomy.uuid),
        "name": getattr(taxonomy, f"name_{lang}"),
        "description": getattr(taxonomy, f"description_{lang}"),
        "version": "1",
    }


def term_object(term: Any, taxonomy: profile.Taxonomy, lang: str) -> dict[str, Any]:
    """A clientèle, a kind of service or a profile term as an HSDS taxonomy_term."""
    if isinstance(term, profile.ProfileTerm):
        name, description, code, term_id = (
            getattr(term, f"name_{lang}"),
            getattr(term, f"description_{lang}"),
            term.code,
            term.uuid,
        )
    else:
        name, description, code, term_id = (
            text(term, "name", lang),
            text(term, "description", lang),
            term.slug,
            term.uuid,
        )
    return _clean(
        {
            "id": str(term_id),
            "code": code,
            "name": name,
            "description": description or name,
            "taxonomy": getattr(taxonomy, f"name_{lang}"),
            "taxonomy_id": str(taxonomy.uuid),
            "language": lang,
        }
    )


def attribute(link: uuid.UUID, entity: str, term: dict[str, Any], value: str = "") -> dict[str, Any]:
    """An HSDS attribute linking a record to a term; its id is derived, so it is the same in every export."""
    return _clean(
        {
            "id": str(uuid.uuid5(link, term["id"])),
            "link_id": str(link),
            "taxonomy_term_id": term["id"],
            "link_entity": entity,
            "value": value,
            "taxonomy_term": term,
        }
    )


def _profile(term: profile.ProfileTerm, lang: str) -> dict[str, Any]:
    return term_object(term, profile.PROFILE, lang)


def phone(p: Any, lang: str, **owner: uuid.UUID) -> dict[str, Any]:
    return _clean(
        {
            "id": str(p.uuid),
            **{key: str(value) for key, value in owner.items()},
            "number": p.number,
            "extension": int(p.extension) if p.extension.isdigit() else None,
            "type": p.phone_type,
            "description": text(p, "description", lang),
        }
    )


def schedule(s: Any, lang: str, **owner: uuid.UUID) -> dict[str, Any]:
    return _clean(
        {
            "id": str(s.uuid),
            **{key: str(value) for key, value in owner.items()},
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": s.byday,
            "opens_at": f"{s.opens_at:%H:%M}",
            "closes_at": f"{s.closes_at:%H:%M}",
            "description": text(s, "description", lang),
        }
    )


def language(x: Any, lang: str, **owner: uuid.UUID) -> dict[str, Any]:
    return _clean(
        {
            "id": str(x.uuid),
            **{key: str(value) for key, value in owner.items()},
            "name": text(x, "name", lang),
            "code": x.code,
        }
    )


def _sorted(rows, *keys: str):
    return sorted(rows, key=lambda row: tuple(getattr(row, key) for key in keys) + (str(row.uuid),))


def location(loc: Location, lang: str) -> dict[str, Any]:
    owner = {"location_id": loc.uuid}
    values = _clean(
        {
            **location_core(loc, lang),
            "languages": [language(x, lang, **owner) for x in _sorted(loc.languages.all(), "code")],
            "addresses": [
                _clean(
                    {
                        "id": str(a.uuid),
                        "location_id": str(loc.uuid),
                        "address_1": a.address_1,
                        "address_2": a.address_2,
                        "city": a.city,
                        "region": loc.region_id,
                        "state_province": a.state_province,
                        "postal_code": a.postal_code,
                        "country": a.country,
                        "address_type": a.address_type,
                    }
                )
                for a in _sorted(loc.addresses.all(), "address_type")
            ],
            "accessibility": [
                _clean(
                    {
                        "id": str(a.uuid),
                        "location_id": str(loc.uuid),
                        "description": text(a, "description", lang),
                        "details": text(a, "details", lang),
                        "url": a.url,
                    }
                )
                for a in _sorted(loc.accessibility.all(), "id")
            ],
            "phones": [phone(p, lang, **owner) for p in _sorted(loc.phones.all(), "id")],
            "schedules": [
                schedule(s, lang, **owner)
                for s in sorted(loc.schedules.all(), key=lambda s: (_day_index(s.byday), s.opens_at, str(s.uuid)))
            ],
        }
    )
    return _with_extra(values, loc, lang)


def _day_index(day: str) -> int:
    return ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(day)


def service_at_location(point: ServiceAtLocation, lang: str, *, nested_location: bool = False) -> dict[str, Any]:
    attributes = (
        []
        if point.is_active
        else [attribute(point.uuid, "service_at_location", _profile(profile.INACTIVE_POINT, lang), "true")]
    )
    values = _clean(
        {
            "id": str(point.uuid),
            "service_id": str(point.service.uuid),
            "location_id": str(point.location.uuid),
            "description": text(point, "description", lang),
            "location": location(point.location, lang) if nested_location else None,
            "attributes": attributes,
        }
    )
    return _with_extra(values, point, lang)


def service_core(s: Service, lang: str) -> dict[str, Any]:
    """The one-to-one fields of a service (what service_list carries)."""
    return _clean(
        {
            "id": str(s.uuid),
            "organization_id": str(s.organization.uuid),
            "name": text(s, "name", lang),
            "description": text(s, "description", lang),
            "url": s.url,
            "email": s.email,
            "status": s.status,
            "application_process": text(s, "application_process", lang),
            "fees_description": text(s, "fees_description", lang),
            "eligibility_description": text(s, "eligibility_description", lang),
            "assured_date": s.assured_date.isoformat() if s.assured_date else None,
        }
    )


def service_attributes(s: Service, lang: str) -> list[dict[str, Any]]:
    found = [
        attribute(s.uuid, "service", term_object(c, profile.CLIENTELES, lang))
        for c in sorted(s.clienteles.all(), key=lambda c: c.slug)
    ]
    found += [
        attribute(s.uuid, "service", term_object(k, profile.KINDS, lang))
        for k in sorted(s.kinds.all(), key=lambda k: k.slug)
    ]
    if s.assurer:
        found.append(attribute(s.uuid, "service", _profile(profile.VERIFIED_BY, lang), s.assurer))
    return found


def service_area(a: Any, service: Service, lang: str) -> dict[str, Any]:
    attributes = []
    if a.region_id:
        attributes.append(attribute(a.uuid, "service_area", _profile(profile.REGION, lang), a.region_id))
    if a.municipality_id:
        attributes.append(attribute(a.uuid, "service_area", _profile(profile.MUNICIPALITY, lang), a.municipality_id))
    return _clean(
        {
            "id": str(a.uuid),
            "service_id": str(service.uuid),
            "name": text(a, "name", lang),
            "description": text(a, "description", lang),
            "attributes": attributes,
        }
    )


def service(s: Service, lang: str, *, nested_locations: bool = False, points: bool = True) -> dict[str, Any]:
    owner = {"service_id": s.uuid}
    values = {
        **service_core(s, lang),
        **_clean(
            {
                "phones": [phone(p, lang, **owner) for p in _sorted(s.phones.all(), "id")],
                "schedules": [
                    schedule(x, lang, **owner)
                    for x in sorted(s.schedules.all(), key=lambda x: (_day_index(x.byday), x.opens_at, str(x.uuid)))
                ],
                "service_areas": [service_area(a, s, lang) for a in _sorted(s.service_areas.all(), "id")],
                "service_at_locations": [
                    service_at_location(p, lang, nested_location=nested_locations)
                    for p in sorted(s.service_at_locations.all(), key=lambda p: str(p.uuid))
                ]
                if points
                else None,
                "languages": [language(x, lang, **owner) for x in _sorted(s.languages.all(), "code")],
                "attributes": service_attributes(s, lang),
            }
        ),
    }
    return _with_extra(values, s, lang)


def organization_core(org: Organization, lang: str) -> dict[str, Any]:
    """The one-to-one fields of an organisation (what organization_list carries)."""
    return _clean(
        {
            "id": str(org.uuid),
            "name": text(org, "name", lang),
            "alternate_name": org.alternate_name,
            "description": text(org, "description", lang) or text(org, "name", lang),
            "email": org.email,
            "website": org.website,
        }
    )


def location_core(loc: Location, lang: str) -> dict[str, Any]:
    """The one-to-one fields of a location (what service_at_location_list carries)."""
    return _clean(
        {
            "id": str(loc.uuid),
            "location_type": "physical",
            "organization_id": str(loc.organization.uuid),
            "name": text(loc, "name", lang),
            "description": text(loc, "description", lang),
            "transportation": text(loc, "transportation", lang),
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "external_identifier": loc.municipality_id,
            "external_identifier_type": profile.MUNICIPALITY_IDENTIFIER_TYPE,
        }
    )


def organization(org: Organization, lang: str) -> dict[str, Any]:
    attributes = []
    if org.is_sample:
        attributes.append(attribute(org.uuid, "organization", _profile(profile.SAMPLE, lang), "true"))
    if org.is_member:
        attributes.append(attribute(org.uuid, "organization", _profile(profile.MEMBER, lang), "true"))
    values = _clean(
        {
            "id": str(org.uuid),
            "name": text(org, "name", lang),
            "alternate_name": org.alternate_name,
            "description": text(org, "description", lang) or text(org, "name", lang),
            "email": org.email,
            "website": org.website,
            "phones": [phone(p, lang, organization_id=org.uuid) for p in _sorted(org.phones.all(), "id")],
            "locations": [location(loc, lang) for loc in sorted(org.locations.all(), key=lambda x: str(x.uuid))],
            "services": [service(s, lang) for s in sorted(org.services.all(), key=lambda x: str(x.uuid))],
            "attributes": attributes,
        }
    )
    return _with_extra(values, org, lang)


LOCATION_PREFETCH = (
    "languages",
    "addresses",
    "accessibility",
    "phones",
    "schedules",
)


def location_prefetches(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in LOCATION_PREFETCH]


def service_prefetches(prefix: str = "") -> list[Any]:
    return [
        f"{prefix}phones",
        f"{prefix}schedules",
        f"{prefix}service_areas",
        f"{prefix}languages",
        f"{prefix}clienteles",
        f"{prefix}kinds",
        Prefetch(
            f"{prefix}service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location", "service"),
        ),
    ]


def organizations_queryset(*, region: str | None = None, organization: str | None = None) -> QuerySet[Organization]:
    """Organisations to export: all, those with a location in `region`, or one (UUID or slug)."""
    orgs = Organization.objects.all()
    if region:
        orgs = orgs.filter(locations__region_id=region).distinct()
    if organization:
        try:
            orgs = orgs.filter(uuid=uuid.UUID(organization))
        except ValueError:
            orgs = orgs.filter(slug=organization)
    return orgs.order_by("uuid").prefetch_related(
        "phones",
        Prefetch("locations", queryset=Location.objects.select_related("organization")),
        *location_prefetches("locations__"),
        Prefetch("services", queryset=Service.objects.select_related("organization")),
        *service_prefetches("services__"),
    )


def organizations_stream(lang: str, **filters: str | None) -> Iterator[dict[str, Any]]:
    """Every selected organisation as a compiled HSDS organization, read a chunk at a time as plain rows."""
    from .rows import organization_ids, organizations_rows

    for org in organizations_rows(organization_ids(**filters)):
        yield organization(org, lang)


def taxonomy_terms(lang: str) -> list[tuple[profile.Taxonomy, Any]]:
    return (
        [(profile.CLIENTELES, c) for c in Clientele.objects.order_by("slug")]
        + [(profile.KINDS, k) for k in ServiceKind.objects.order_by("slug")]
        + [(profile.PROFILE, t) for t in profile.PROFILE_TERMS]
    )
