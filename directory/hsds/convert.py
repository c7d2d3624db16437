"""Turn HSDS 3.0 organisations (one language) into records of the directory's import format, so an HSDS import goes
through the same door as every other import (validation.organization_parse, writes.py, ImportReport).

Each conversion returns the raw record and the notes of what was derived or set aside (for the report). Québec's
needs are derived: the municipality from the MAMH code in `external_identifier`, else from the coordinates (nearest
municipality), and the coordinates from the postal code when missing; clientèles and kinds from attributes. What has
no column is kept verbatim in `hsds_extra` and published again by the export.
"""

import math
import re
import uuid
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import Clientele, Location, Organization, Service, ServiceKind
from directory.records import Reference
from geography.models import ForwardSortationArea, PostalCode

from . import profile

ORG_KEYS = {"id", "name", "alternate_name", "description", "email", "website", "phones", "locations", "services"}
SERVICE_KEYS = {
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "fees_description",
    "eligibility_description",
    "assured_date",
    "phones",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "organization",
}
LOCATION_KEYS = {
    "id",
    "location_type",
    "organization_id",
    "name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "languages",
    "addresses",
    "accessibility",
    "phones",
    "schedules",
}
POINT_KEYS = {"id", "service_id", "location_id", "description", "location"}
PHONE_TYPES = {"voice": "voice", "cell": "voice", "text": "text", "fax": "fax", "textphone": "tty", "tty": "tty"}
SCHEDULE_KEYS = {"id", "service_id", "location_id", "freq", "wkst", "byday", "opens_at", "closes_at", "description"}
DAYS = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$")
GRID = 0.5  # degrees: municipalities bucketed for the nearest-municipality search


class Context:
    """What conversions need from the database, read once per import."""

    def __init__(self, reference: Reference, language: str):
        self.reference = reference
        self.language = language
        self.org_slugs = dict(Organization.objects.values_list("uuid", "slug"))
        self.service_slugs = dict(Service.objects.values_list("uuid", "slug"))
        self.location_slugs = dict(Location.objects.values_list("uuid", "slug"))
        self.taken = set(self.org_slugs.values())
        self.clienteles = {str(u): s for u, s in Clientele.objects.values_list("uuid", "slug")}
        self.kinds = {str(u): s for u, s in ServiceKind.objects.values_list("uuid", "slug")}
        self.grid: dict[tuple[int, int], list[Any]] = {}
        for muni in reference.municipalities.values():
            self.grid.setdefault(_cell(muni.latitude, muni.longitude), []).append(muni)
        self.postal_points: dict[str, tuple[float, float] | None] = {}

    def text(self, value: Any) -> dict[str, str]:
        value = value.strip() if isinstance(value, str) else ""
        return {"fr": value, "en": value} if self.language == "en" else {"fr": value}

    def nearest_municipality(self, lat: float, lon: float):
        row, col = _cell(lat, lon)
        best, best_d = None, math.inf
        for reach in (1, 2, 4):
            for r in range(row - reach, row + reach + 1):
                for c in range(col - reach, col + reach + 1):
                    for muni in self.grid.get((r, c), ()):
                        d = (muni.latitude - lat) ** 2 + ((muni.longitude - lon) * math.cos(math.radians(lat))) ** 2
                        if d < best_d:
                            best, best_d = muni, d
            if best is not None:
                return best
        return None

    def postal_point(self, postal_code: str) -> tuple[float, float] | None:
        code = re.sub(r"\s", "", postal_code or "").upper()
        if code not in self.postal_points:
            row = PostalCode.objects.filter(code=code).values_list("latitude", "longitude").first()
            if row is None and len(code) >= 3:
                row = ForwardSortationArea.objects.filter(code=code[:3]).values_list("latitude", "longitude").first()
            self.postal_points[code] = row
        return self.postal_points[code]

    def slug(self, name: str, taken: set[str], fallback: str) -> str:
        base = slugify(name)[:60].strip("-") or fallback
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // GRID), int(lon // GRID)


def _rest(obj: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if key not in known and value not in (None, "", [], {})}


def _term_id(attribute: dict[str, Any]) -> str:
    return str(attribute.get("taxonomy_term_id") or (attribute.get("taxonomy_term") or {}).get("id") or "")


class Converter:
    """Converts one HSDS organisation; `notes` collects what was derived or set aside."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.notes: list[str] = []

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")

    def dropped(self, where: str, obj: dict[str, Any], known: set[str]) -> None:
        rest = sorted(_rest(obj, known))
        if rest:
            self.note(where, _("not kept: %(fields)s") % {"fields": ", ".join(rest)})

    def phones(self, items: list[Any], where: str) -> list[dict[str, Any]]:
        found = []
        for i, p in enumerate(items or []):
            if not isinstance(p, dict) or not p.get("number"):
                continue
            kind = PHONE_TYPES.get(str(p.get("type") or "voice").lower(), "voice")
            if p.get("type") and kind != p["type"]:
                self.note(
                    f"{where}.phones[{i}]", _("type “%(type)s” kept as %(kind)s") % {"type": p["type"], "kind": kind}
                )
            self.dropped(
                f"{where}.phones[{i}]",
                p,
                {"id", "location_id", "service_id", "organization_id", "number", "extension", "type", "description"},
            )
            ext = p.get("extension")
            found.append(
                {
                    "number": str(p["number"])[:40],
                    "type": kind,
                    **({"extension": str(int(ext))} if isinstance(ext, (int, float)) and ext >= 0 else {}),
                    **({"description": self.ctx.text(p["description"])} if p.get("description") else {}),
                    **({"uuid": p["id"]} if p.get("id") else {}),
                }
            )
        return found

    def schedules(self, items: list[Any], where: str, extra: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for i, s in enumerate(items or []):
            here = f"{where}.schedules[{i}]"
            weekly = isinstance(s, dict) and str(s.get("freq") or "WEEKLY").upper() == "WEEKLY"
            byday = str(s.get("byday") or "").replace(" ", "").upper() if isinstance(s, dict) else ""
            opens, closes = (
                (str(s.get(k) or "") for k in ("opens_at", "closes_at")) if isinstance(s, dict) else ("", "")
            )
            if not (weekly and DAYS.match(byday) and TIME.match(opens) and TIME.match(closes)):
                extra.setdefault("schedules", []).append(s)
                self.note(here, _("kept as published (not a weekly day and time range the finder can show)"))
                continue
            if opens[5:8] not in ("", ":00") or closes[5:8] not in ("", ":00"):
                self.note(here, _("seconds dropped from the times"))
            self.dropped(here, s, SCHEDULE_KEYS | {"service_at_location_id"})
            found.append(
                {
                    "byday": byday,
                    "opens_at": opens[:5],
                    "closes_at": closes[:5],
                    **({"description": self.ctx.text(s["description"])} if s.get("description") else {}),
                    **({"uuid": s["id"]} if s.get("id") else {}),
                }
            )
        return found

    def languages(self, items: list[Any], where: str) -> list[dict[str, Any]]:
        found = []
        for i, x in enumerate(items or []):
            code = str(x.get("code") or "").lower() if isinstance(x, dict) else ""
            if not re.fullmatch(r"[a-z]{2,3}", code):
                self.note(f"{where}.languages[{i}]", _("a language without an ISO 639 code is not kept"))
                continue
            self.dropped(f"{where}.languages[{i}]", x, {"id", "service_id", "location_id", "phone_id", "name", "code"})
            found.append(
                {
                    "code": code,
                    **({"name": self.ctx.text(x["name"])} if x.get("name") else {}),
                    **({"uuid": x["id"]} if x.get("id") else {}),
                }
            )
        return found

    def location(self, loc: dict[str, Any], where: str, taken: set[str]) -> dict[str, Any] | None:
        """A physical location as a directory location, or None (kept verbatim by the caller)."""
        if loc.get("location_type") not in (None, "physical"):
            return None
        addresses, extra = [], _rest(loc, LOCATION_KEYS | {"external_identifier", "external_identifier_type"})
        for i, a in enumerate(loc.get("addresses") or []):
            if not isinstance(a, dict) or a.get("address_type") not in ("physical", "postal"):
                extra.setdefault("addresses", []).append(a)
                continue
            self.dropped(
                f"{where}.addresses[{i}]",
                a,
                {
                    "id",
                    "location_id",
                    "address_1",
                    "address_2",
                    "city",
                    "region",
                    "state_province",
                    "postal_code",
                    "country",
                    "address_type",
                },
            )
            addresses.append(
                {
                    "address_type": a["address_type"],
                    "address_1": str(a.get("address_1") or "")[:200],
                    **(
                        {"address_2": a["address_2"][:200]}
                        if isinstance(a.get("address_2"), str) and a["address_2"]
                        else {}
                    ),
                    "city": str(a.get("city") or "")[:120],
                    "postal_code": str(a.get("postal_code") or "")[:10],
                    **({"uuid": a["id"]} if a.get("id") else {}),
                }
            )
        lat, lon = loc.get("latitude"), loc.get("longitude")
        if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
            physical = next((a for a in addresses if a["address_type"] == "physical"), None)
            point = self.ctx.postal_point(physical["postal_code"]) if physical else None
            if point is None:
                self.note(where, _("no coordinates, and no known postal code to place it"))
                lat, lon = 0.0, 0.0
            else:
                lat, lon = point
                self.note(where, _("coordinates taken from the postal code"))
        municipality = None
        if loc.get("external_identifier_type") == profile.MUNICIPALITY_IDENTIFIER_TYPE:
            municipality = self.ctx.reference.municipalities.get(str(loc.get("external_identifier")))
        elif loc.get("external_identifier"):
            extra["external_identifier"] = loc["external_identifier"]
            extra["external_identifier_type"] = loc.get("external_identifier_type")
        if municipality is None:
            municipality = self.ctx.nearest_municipality(lat, lon)
            if municipality is not None:
                self.note(
                    where,
                    _("municipality and region derived from the coordinates: %(name)s (%(code)s), region %(region)s")
                    % {"name": municipality.name, "code": municipality.code, "region": municipality.region_code},
                )
        name = loc.get("name") or (addresses[0]["address_1"] if addresses else "") or _("Service point")
        if not loc.get("name"):
            self.note(where, _("no name: the address is used"))
        slug = self.ctx.location_slugs.get(_as_uuid(loc.get("id"))) or self.ctx.slug(name, taken, "lieu")
        taken.add(slug)
        return {
            "slug": slug,
            "name": self.ctx.text(str(name)[:200]),
            **({"description": self.ctx.text(loc["description"])} if loc.get("description") else {}),
            **({"transportation": self.ctx.text(loc["transportation"])} if loc.get("transportation") else {}),
            "latitude": float(lat),
            "longitude": float(lon),
            "municipality": municipality.code if municipality else "00000",
            "addresses": addresses,
            "phones": self.phones(loc.get("phones"), where),
            "schedules": self.schedules(loc.get("schedules"), where, extra),
            "languages": self.languages(loc.get("languages"), where),
            "accessibility": [
                {
                    "description": self.ctx.text(a.get("description") or a.get("details") or "—"),
                    **({"details": self.ctx.text(a["details"])} if a.get("details") and a.get("description") else {}),
                    **({"url": a["url"]} if a.get("url") else {}),
                    **({"uuid": a["id"]} if a.get("id") else {}),
                }
                for a in loc.get("accessibility") or []
                if isinstance(a, dict)
            ],
            **({"uuid": loc["id"]} if loc.get("id") else {}),
            "hsds_extra": {self.ctx.language: extra} if extra else {},
        }

    def attributes(self, attributes: list[Any]) -> tuple[dict[str, list[str]], list[Any]]:
        """Our terms (clientèles, kinds, profile values) and the attributes that are someone else's."""
        ours: dict[str, list[str]] = {"clienteles": [], "kinds": [], "profile": []}
        theirs = []
        for a in attributes or []:
            term_id = _term_id(a) if isinstance(a, dict) else ""
            if term_id in self.ctx.clienteles:
                ours["clienteles"].append(self.ctx.clienteles[term_id])
            elif term_id in self.ctx.kinds:
                ours["kinds"].append(self.ctx.kinds[term_id])
            elif term_id in profile.PROFILE_TERMS_BY_ID:
                ours["profile"].append(f"{profile.PROFILE_TERMS_BY_ID[term_id].code}={a.get('value', '')}")
            else:
                theirs.append(a)
        return ours, theirs

    def service(self, s: dict[str, Any], where: str, taken: set[str]) -> dict[str, Any]:
        ours, theirs = self.attributes(s.get("attributes"))
        extra = _rest(s, SERVICE_KEYS | {"attributes", "service_at_locations"})
        if theirs:
            extra["attributes"] = theirs
        for kind in ("clienteles", "kinds"):
            if not ours[kind]:
                self.note(where, _("no %(kind)s given: to be completed by staff") % {"kind": kind})
        values = dict(v.split("=", 1) for v in ours["profile"])
        status = (
            s.get("status") if s.get("status") in ("active", "inactive", "defunct", "temporarily closed") else "active"
        )
        name = str(s.get("name") or "")[:200]
        slug = self.ctx.service_slugs.get(_as_uuid(s.get("id"))) or self.ctx.slug(name, taken, "service")
        taken.add(slug)
        assured = str(s.get("assured_date") or "")[:10]
        return {
            "slug": slug,
            "name": self.ctx.text(name),
            "clienteles": sorted(set(ours["clienteles"])),
            "kinds": sorted(set(ours["kinds"])),
            "status": status,
            **{
                key: self.ctx.text(s[key])
                for key in ("description", "fees_description", "eligibility_description", "application_process")
                if isinstance(s.get(key), str) and s[key].strip()
            },
            **{key: s[key] for key in ("url", "email") if isinstance(s.get(key), str) and s[key]},
            **({"assured_date": assured} if re.fullmatch(r"\d{4}-\d{2}-\d{2}", assured) else {}),
            **({"assurer": values["verified-by"][:200]} if values.get("verified-by") else {}),
            "phones": self.phones(s.get("phones"), where),
            "schedules": self.schedules(s.get("schedules"), where, extra),
            "languages": self.languages(s.get("languages"), where),
            "service_areas": [
                self.service_area(a, f"{where}.service_areas[{i}]")
                for i, a in enumerate(s.get("service_areas") or [])
                if isinstance(a, dict)
            ],
            **({"uuid": s["id"]} if s.get("id") else {}),
            "hsds_extra": {self.ctx.language: extra} if extra else {},
        }

    def service_area(self, a: dict[str, Any], where: str) -> dict[str, Any]:
        ours, _theirs = self.attributes(a.get("attributes"))
        values = dict(v.split("=", 1) for v in ours["profile"])
        self.dropped(where, a, {"id", "service_id", "name", "description", "attributes"})
        region = values.get("qc-region", "")
        return {
            "name": self.ctx.text(str(a.get("name") or a.get("description") or "—")[:200]),
            **({"description": self.ctx.text(a["description"])} if a.get("description") else {}),
            **({"region": region} if re.fullmatch(r"0[1-9]|1[0-7]", region) else {}),
            **({"municipality": values["qc-municipality"]} if values.get("qc-municipality") else {}),
            **({"uuid": a["id"]} if a.get("id") else {}),
        }

    def organization(self, org: dict[str, Any]) -> dict[str, Any]:
        ours, theirs = self.attributes(org.get("attributes"))
        extra = _rest(org, ORG_KEYS | {"attributes"})
        if theirs:
            extra["attributes"] = theirs
        values = dict(v.split("=", 1) for v in ours["profile"])
        slug = self.ctx.org_slugs.get(_as_uuid(org.get("id"))) or self.ctx.slug(
            str(org.get("name") or ""), self.ctx.taken, "organisme"
        )
        location_slugs: set[str] = set()
        service_slugs: set[str] = set()
        locations, by_id = [], {}
        all_locations = list(org.get("locations") or [])
        known_ids = {loc.get("id") for loc in all_locations if isinstance(loc, dict)}
        for s in org.get("services") or []:
            for point in (s.get("service_at_locations") or []) if isinstance(s, dict) else []:
                nested = point.get("location") if isinstance(point, dict) else None
                if isinstance(nested, dict) and nested.get("id") not in known_ids:
                    all_locations.append(nested)
                    known_ids.add(nested.get("id"))
        for i, loc in enumerate(all_locations):
            converted = self.location(loc, f"locations[{i}]", location_slugs) if isinstance(loc, dict) else None
            if converted is None:
                extra.setdefault("locations", []).append(loc)
                self.note(f"locations[{i}]", _("not a physical place: kept as published, not listed by the finder"))
                continue
            locations.append(converted)
            by_id[str(loc.get("id"))] = converted["slug"]
        services, points = [], []
        for i, s in enumerate(org.get("services") or []):
            if not isinstance(s, dict):
                continue
            here = [p for p in s.get("service_at_locations") or [] if isinstance(p, dict)]
            placed = [p for p in here if str(p.get("location_id") or (p.get("location") or {}).get("id")) in by_id]
            if not placed:
                extra.setdefault("services", []).append(s)
                self.note(
                    f"services[{i}]", _("offered at no physical place: kept as published, not listed by the finder")
                )
                continue
            service = self.service(s, f"services[{i}]", service_slugs)
            service_extra = service["hsds_extra"].get(self.ctx.language, {})
            services.append(service)
            for p in here:
                location_slug = by_id.get(str(p.get("location_id") or (p.get("location") or {}).get("id")))
                if location_slug is None:
                    service_extra.setdefault("service_at_locations", []).append(p)
                    continue
                p_ours, p_theirs = self.attributes(p.get("attributes"))
                p_extra = _rest(p, POINT_KEYS | {"attributes"})
                if p_theirs:
                    p_extra["attributes"] = p_theirs
                inactive = any(v == "inactive-service-point=true" for v in p_ours["profile"])
                points.append(
                    {
                        "service": service["slug"],
                        "location": location_slug,
                        **({"description": self.ctx.text(p["description"])} if p.get("description") else {}),
                        **({"is_active": False} if inactive else {}),
                        **({"uuid": p["id"]} if p.get("id") else {}),
                        "hsds_extra": {self.ctx.language: p_extra} if p_extra else {},
                    }
                )
            if service_extra:
                service["hsds_extra"] = {self.ctx.language: service_extra}
        return {
            "slug": slug,
            "name": self.ctx.text(str(org.get("name") or "")[:200]),
            "description": self.ctx.text(org.get("description") or ""),
            **{
                key: org[key]
                for key in ("alternate_name", "email", "website")
                if isinstance(org.get(key), str) and org[key]
            },
            "is_member": values.get("association-member") == "true",
            "is_sample": values.get("sample-data") == "true",
            "phones": self.phones(org.get("phones"), "organization"),
            "services": services,
            "locations": locations,
            "service_at_locations": points,
            **({"uuid": org["id"]} if org.get("id") else {}),
            "hsds_extra": {self.ctx.language: extra} if extra else {},
        }


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
