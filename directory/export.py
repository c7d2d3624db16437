"""Write the directory back out in the import format, so that edits made in the admin or the portal can be kept in a
file and loaded elsewhere the same way (round trip: export, then import, gives the same listings)."""

from itertools import groupby
from typing import Any

from django.db.models import QuerySet

from .models import Organization, Schedule


def _text(obj: Any, name: str) -> dict[str, str]:
    return {"fr": getattr(obj, f"{name}_fr") or "", "en": getattr(obj, f"{name}_en") or ""}


def _optional_texts(obj: Any, *names: str) -> dict[str, dict[str, str]]:
    return {name: _text(obj, name) for name in names if any(_text(obj, name).values())}


def _optional(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in ("", None, [])}


def _phones(phones) -> list[dict[str, Any]]:
    return [
        {
            "number": p.number,
            "type": p.phone_type,
            **_optional(extension=p.extension),
            **_optional_texts(p, "description"),
        }
        for p in phones
    ]


def _schedules(schedules) -> list[dict[str, Any]]:
    """One row per time range, listing its days in week order (the import stores one row per day)."""

    def key(s: Schedule):
        return (s.opens_at, s.closes_at, s.description_fr or "", s.description_en or "")

    rows = []
    for (opens, closes, *_), same in groupby(sorted(schedules, key=key), key=key):
        same = sorted(same, key=lambda s: Schedule.DAY_ORDER.index(s.byday))
        rows.append(
            {
                "byday": ",".join(dict.fromkeys(s.byday for s in same)),
                "opens_at": f"{opens:%H:%M}",
                "closes_at": f"{closes:%H:%M}",
                **_optional_texts(same[0], "description"),
            }
        )
    return rows


def _languages(languages) -> list[dict[str, Any]]:
    return [{"code": x.code, **_optional_texts(x, "name")} for x in languages]


def _service(s) -> dict[str, Any]:
    return {
        "slug": s.slug,
        "name": _text(s, "name"),
        **_optional_texts(s, "description", "fees_description", "eligibility_description", "application_process"),
        "status": s.status,
        **_optional(url=s.url, email=s.email, assurer=s.assurer),
        **({"assured_date": s.assured_date.isoformat()} if s.assured_date else {}),
        "clienteles": [c.slug for c in s.clienteles.all()],
        "kinds": [k.slug for k in s.kinds.all()],
        "phones": _phones(s.phones.all()),
        "schedules": _schedules(s.schedules.all()),
        "languages": _languages(s.languages.all()),
        "service_areas": [
            {
                "name": _text(a, "name"),
                **_optional_texts(a, "description"),
                **_optional(region=a.region_id, municipality=a.municipality_id),
            }
            for a in s.service_areas.all()
        ],
    }


def _location(loc) -> dict[str, Any]:
    return {
        "slug": loc.slug,
        "name": _text(loc, "name"),
        **_optional_texts(loc, "description", "transportation"),
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "municipality": loc.municipality_id,
        "region": loc.region_id,
        "addresses": [
            {
                "address_type": a.address_type,
                "address_1": a.address_1,
                **_optional(address_2=a.address_2),
                "city": a.city,
                "postal_code": a.postal_code,
                "state_province": a.state_province,
                "country": a.country,
            }
            for a in loc.addresses.all()
        ],
        "phones": _phones(loc.phones.all()),
        "schedules": _schedules(loc.schedules.all()),
        "languages": _languages(loc.languages.all()),
        "accessibility": [
            {"description": _text(a, "description"), **_optional_texts(a, "details"), **_optional(url=a.url)}
            for a in loc.accessibility.all()
        ],
    }


def organizations_for_export() -> QuerySet[Organization]:
    return Organization.objects.order_by("slug").prefetch_related(
        "phones",
        "services__clienteles",
        "services__kinds",
        "services__phones",
        "services__schedules",
        "services__languages",
        "services__service_areas",
        "services__service_at_locations__location",
        "locations__addresses",
        "locations__phones",
        "locations__schedules",
        "locations__languages",
        "locations__accessibility",
    )


def directory_export(organizations: QuerySet[Organization] | None = None) -> dict[str, Any]:
    """The given organisations (all by default) as an import-file dictionary."""
    organizations = organizations if organizations is not None else organizations_for_export()
    records = []
    for org in organizations:
        services = sorted(org.services.all(), key=lambda s: s.slug)
        records.append(
            {
                "slug": org.slug,
                "name": _text(org, "name"),
                "description": _text(org, "description"),
                **_optional(alternate_name=org.alternate_name, email=org.email, website=org.website),
                "is_member": org.is_member,
                "is_sample": org.is_sample,
                "phones": _phones(org.phones.all()),
                "services": [_service(s) for s in services],
                "locations": [_location(loc) for loc in sorted(org.locations.all(), key=lambda x: x.slug)],
                "service_at_locations": [
                    {
                        "service": s.slug,
                        "location": p.location.slug,
                        **_optional_texts(p, "description"),
                        **({} if p.is_active else {"is_active": False}),
                    }
                    for s in services
                    for p in sorted(s.service_at_locations.all(), key=lambda p: p.location.slug)
                ],
            }
        )
    return {
        "format": "trouve-directory",
        "version": 1,
        "generated_by": "manage.py export_directory",
        "organizations": records,
    }
