"""Check one organisation record of an import file: JSON Schema first, then the rules a schema cannot express.

`organization_parse(raw, reference=…, today=…)` returns a typed `OrganizationRecord` or the list of reasons (in the
active language) why the record is rejected. It never raises on bad input.
"""

import functools
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema_rs
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from . import checks
from .records import (
    AccessibilityRecord,
    AddressRecord,
    LanguageRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    Reference,
    ScheduleRecord,
    ServiceAreaRecord,
    ServicePointRecord,
    ServiceRecord,
    Text,
)

SCHEMA_PATH = Path(settings.BASE_DIR) / "data" / "directory" / "schema.json"
TAXONOMY_SCHEMA_PATH = Path(settings.BASE_DIR) / "data" / "directory" / "taxonomy.schema.json"
# Bumped when the importer's interpretation of a record changes, so that unchanged files are re-applied.
IMPORT_LOGIC_VERSION = "1"
MAX_REASONS = 25
OLDEST_ASSURED_DATE = date(2000, 1, 1)

_REQUIRED = re.compile(r"^'(?P<name>.+)' is a required property$")
_UNEXPECTED = re.compile(r"\((?P<names>.+) (?:was|were) unexpected\)")


@functools.cache
def schema_load(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _inlined(node: Any, defs: dict[str, Any], depth: int = 0) -> Any:
    """The schema with each local `{"$ref": "#/$defs/x"}` replaced by its definition: the same rules, checked about
    twice as fast (resolving references was half of the validation time of a spreadsheet import)."""
    if depth > 20:
        raise RecursionError("recursive schema")
    if isinstance(node, dict):
        ref = node.get("$ref")
        if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs:
            return _inlined(defs[ref[8:]], defs, depth + 1)
        return {key: _inlined(value, defs, depth + 1) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(value, defs, depth + 1) for value in node]
    return node


@functools.cache
def validator_for(definition: str | None, path: Path = SCHEMA_PATH) -> Draft202012Validator:
    """A validator for the whole file (definition None) or for one of its `$defs` (e.g. "organization")."""
    schema = schema_load(path)
    if definition is not None:
        try:
            inlined = _inlined(schema["$defs"][definition], schema["$defs"])
            return Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"], **inlined})
        except RecursionError:
            schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(schema)


@functools.cache
def fast_validator_for(definition: str | None, path: Path = SCHEMA_PATH):
    """The same schema checked by jsonschema-rs (about 50 times faster): says only whether a record is valid."""
    schema = schema_load(path)
    if definition is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema_rs.validator_for(schema)


def path_label(parts: Iterable[Any]) -> str:
    """["services", 0, "name", "fr"] -> "services[0].name.fr"."""
    label = ""
    for part in parts:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def schema_error_message(error: SchemaError) -> str:
    """A short, human-readable reason for one JSON Schema error (never echoes a long value)."""
    where = path_label(error.absolute_path) or _("record")
    kind = error.validator
    value = checks.shorten(error.instance)
    if kind == "required":
        match = _REQUIRED.match(error.message)
        name = match.group("name") if match else "?"
        return _("%(where)s: the field “%(name)s” is missing") % {"where": where, "name": checks.shorten(name)}
    if kind == "additionalProperties":
        match = _UNEXPECTED.search(error.message)
        names = match.group("names") if match else "?"
        return _("%(where)s: unknown field(s) %(names)s") % {"where": where, "names": checks.shorten(names)}
    if kind == "type":
        return _("%(where)s: expected a value of type %(type)s") % {"where": where, "type": error.validator_value}
    if kind == "pattern":
        return _("%(where)s: “%(value)s” is not in the expected form") % {"where": where, "value": value}
    if kind == "minLength":
        return _("%(where)s: must not be empty") % {"where": where}
    if kind == "maxLength":
        return _("%(where)s: too long (at most %(max)s characters)") % {"where": where, "max": error.validator_value}
    if kind == "minItems":
        return _("%(where)s: needs at least %(min)s item(s)") % {"where": where, "min": error.validator_value}
    if kind == "maxItems":
        return _("%(where)s: too many items (at most %(max)s)") % {"where": where, "max": error.validator_value}
    if kind == "uniqueItems":
        return _("%(where)s: contains the same value twice") % {"where": where}
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return _("%(where)s: “%(value)s” is not allowed (expected: %(allowed)s)") % {
            "where": where,
            "value": value,
            "allowed": ", ".join(str(v) for v in allowed),
        }
    if kind in ("minimum", "maximum"):
        return _("%(where)s: %(value)s is out of range") % {"where": where, "value": value}
    return f"{where}: {checks.shorten(error.message, 160)}"


def _untagged(error: SchemaError) -> bool:
    """An empty list of clientèles or kinds (allowed for HSDS imports: listed in the report for staff)."""
    return error.validator == "minItems" and list(error.absolute_path)[-1:] in (["clienteles"], ["kinds"])


def schema_problems(
    raw: object, definition: str | None = "organization", path: Path = SCHEMA_PATH, *, allow_untagged: bool = False
) -> list[str]:
    """Reasons why `raw` does not follow the schema (at most MAX_REASONS), empty when it does."""
    if fast_validator_for(definition, path).is_valid(raw):
        return []  # the common case, checked natively; the reasons come from the Python validator below
    errors = validator_for(definition, path).iter_errors(raw)
    if allow_untagged:
        errors = (error for error in errors if not _untagged(error))
    errors = sorted(errors, key=lambda e: list(map(str, e.absolute_path)))
    return [schema_error_message(error) for error in errors[:MAX_REASONS]]


def record_digest(raw: object) -> str:
    payload = json.dumps([IMPORT_LOGIC_VERSION, raw], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def text_of(raw: dict[str, Any], name: str) -> Text:
    value = raw.get(name) or {}
    return Text(fr=value.get("fr", "").strip(), en=value.get("en", "").strip())


@functools.cache
def language_name(code: str) -> Text | None:
    """French and English names of a language Django knows ("es" -> espagnol / Spanish)."""
    info = LANG_INFO.get(code)
    if not info or "name" not in info:
        return None
    with translation.override("fr"):
        french = translation.gettext(info["name"])
    return Text(fr=french[:1].lower() + french[1:], en=info["name"])


def day_uuid(value: str | None, day: str, *, first: bool) -> str | None:
    """One schedule row is stored per day: the first day keeps the given HSDS id, the others get one derived from it
    (the same at every import)."""
    if value is None or first:
        return value
    return str(uuid.uuid5(uuid.UUID(value), day))


class _Checker:
    """Collects the reasons for rejecting one record while it is turned into typed records."""

    def __init__(self, reference: Reference, today: date):
        self.reference = reference
        self.today = today
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def required_text(self, raw: dict[str, Any], key: str, where: str) -> Text:
        text = text_of(raw, key)
        if not text.fr:
            self.fail(f"{where}.{key}.fr", _("must not be empty"))
        return text

    def url(self, raw: dict[str, Any], key: str, where: str) -> str:
        value = raw.get(key, "").strip()
        if value and not checks.is_valid_url(value):
            self.fail(
                f"{where}.{key}",
                _("“%(value)s” is not a web address (http:// or https://)") % {"value": checks.shorten(value)},
            )
        return value

    def email(self, raw: dict[str, Any], key: str, where: str) -> str:
        value = raw.get(key, "").strip()
        if value and not checks.is_valid_email(value):
            self.fail(f"{where}.{key}", _("“%(value)s” is not an e-mail address") % {"value": checks.shorten(value)})
        return value

    def phones(self, items: list[dict[str, Any]], where: str) -> list[PhoneRecord]:
        phones = []
        for i, raw in enumerate(items):
            number = checks.phone_normalise(raw["number"])
            if number is None:
                self.fail(
                    f"{where}.phones[{i}]",
                    _("“%(value)s” is not a North American phone number (e.g. +1 418 555 0123)")
                    % {"value": checks.shorten(raw["number"])},
                )
                continue
            phones.append(
                PhoneRecord(
                    number,
                    raw.get("extension", ""),
                    raw.get("type", "voice"),
                    text_of(raw, "description"),
                    uuid=raw.get("uuid"),
                )
            )
        return phones

    def schedules(self, items: list[dict[str, Any]], where: str) -> list[ScheduleRecord]:
        schedules = []
        for i, raw in enumerate(items):
            opens, closes = checks.time_parse(raw["opens_at"]), checks.time_parse(raw["closes_at"])
            if opens is None or closes is None or closes <= opens:
                self.fail(
                    f"{where}.schedules[{i}]",
                    _("closes at %(closes)s, which is not after it opens (%(opens)s)")
                    % {"closes": raw["closes_at"], "opens": raw["opens_at"]},
                )
                continue
            days = raw["byday"].split(",")
            if len(set(days)) != len(days):
                self.fail(f"{where}.schedules[{i}].byday", _("the same day is listed twice"))
                continue
            description = text_of(raw, "description")
            schedules.extend(
                ScheduleRecord(day, opens, closes, description, uuid=day_uuid(raw.get("uuid"), day, first=n == 0))
                for n, day in enumerate(days)
            )
        return schedules

    def languages(self, items: list[dict[str, Any]], where: str) -> list[LanguageRecord]:
        languages, seen = [], set()
        for i, raw in enumerate(items):
            code = raw["code"]
            name = text_of(raw, "name") if raw.get("name") else language_name(code)
            if code in seen:
                self.fail(f"{where}.languages[{i}]", _("the language “%(code)s” is listed twice") % {"code": code})
            elif name is None:
                self.fail(
                    f"{where}.languages[{i}]",
                    _("unknown language code “%(code)s”: give its name") % {"code": code},
                )
            else:
                seen.add(code)
                languages.append(LanguageRecord(code, name, uuid=raw.get("uuid")))
        return languages

    def municipality(self, value: str, where: str):
        matches = self.reference.municipality_matches(value)
        if not matches:
            self.fail(where, _("unknown municipality “%(value)s”") % {"value": checks.shorten(value)})
            return None
        if len(matches) > 1:
            self.fail(
                where,
                _("“%(value)s” names several municipalities (%(codes)s): give the code")
                % {"value": checks.shorten(value), "codes": ", ".join(m.code for m in matches)},
            )
            return None
        return matches[0]

    def address(self, raw: dict[str, Any], where: str) -> AddressRecord | None:
        postal_code = checks.postal_code_normalise(raw["postal_code"])
        if postal_code is None:
            self.fail(
                f"{where}.postal_code",
                _("“%(value)s” is not a Québec postal code (e.g. G5L 1A1)")
                % {"value": checks.shorten(raw["postal_code"])},
            )
            return None
        if self.reference.fsas and postal_code[:3] not in self.reference.fsas:
            self.fail(
                f"{where}.postal_code",
                _("the postal area “%(fsa)s” does not exist in Québec") % {"fsa": postal_code[:3]},
            )
            return None
        return AddressRecord(
            address_1=raw["address_1"].strip(),
            city=raw["city"].strip(),
            postal_code=postal_code,
            address_2=raw.get("address_2", "").strip(),
            address_type=raw.get("address_type", "physical"),
            uuid=raw.get("uuid"),
        )

    def location(self, raw: dict[str, Any], where: str) -> LocationRecord | None:
        before = len(self.problems)
        lat, lon = raw["latitude"], raw["longitude"]
        muni = self.municipality(raw["municipality"], f"{where}.municipality")
        if not checks.is_in_quebec_bbox(lat, lon):
            self.fail(where, _("the coordinates %(lat)s, %(lon)s are outside Québec") % {"lat": lat, "lon": lon})
        elif muni is not None:
            distance = checks.haversine_km(lat, lon, muni.latitude, muni.longitude)
            if distance > checks.MAX_KM_FROM_MUNICIPALITY:
                self.fail(
                    where,
                    _("the coordinates are %(km)s km from %(name)s (at most %(max)s km allowed)")
                    % {"km": round(distance), "name": muni.name, "max": round(checks.MAX_KM_FROM_MUNICIPALITY)},
                )
        if muni is not None and raw.get("region") and raw["region"] != muni.region_code:
            self.fail(
                f"{where}.region",
                _("%(name)s is in region %(actual)s, not %(given)s")
                % {"name": muni.name, "actual": muni.region_code, "given": raw["region"]},
            )
        addresses = [self.address(a, f"{where}.addresses[{i}]") for i, a in enumerate(raw["addresses"])]
        if sum(1 for a in raw["addresses"] if a.get("address_type", "physical") == "physical") != 1:
            self.fail(f"{where}.addresses", _("a location needs exactly one physical address"))
        record = LocationRecord(
            slug=raw["slug"],
            name=self.required_text(raw, "name", where),
            latitude=float(lat),
            longitude=float(lon),
            municipality_code=muni.code if muni else "",
            region_code=muni.region_code if muni else "",
            description=text_of(raw, "description"),
            transportation=text_of(raw, "transportation"),
            addresses=[a for a in addresses if a is not None],
            phones=self.phones(raw.get("phones", []), where),
            schedules=self.schedules(raw.get("schedules", []), where),
            languages=self.languages(raw.get("languages", []), where),
            accessibility=[
                AccessibilityRecord(
                    text_of(a, "description"),
                    text_of(a, "details"),
                    self.url(a, "url", f"{where}.accessibility[{i}]"),
                    uuid=a.get("uuid"),
                )
                for i, a in enumerate(raw.get("accessibility", []))
            ],
            uuid=raw.get("uuid"),
            hsds_extra=raw.get("hsds_extra", {}),
        )
        return record if len(self.problems) == before else None

    def service_area(self, raw: dict[str, Any], where: str) -> ServiceAreaRecord:
        region = raw.get("region")
        if region and self.reference.regions and region not in self.reference.regions:
            self.fail(f"{where}.region", _("unknown region “%(code)s”") % {"code": region})
        muni = self.municipality(raw["municipality"], f"{where}.municipality") if raw.get("municipality") else None
        return ServiceAreaRecord(
            text_of(raw, "name"), text_of(raw, "description"), region, muni.code if muni else None, uuid=raw.get("uuid")
        )

    def assured_date(self, raw: dict[str, Any], where: str) -> date | None:
        if "assured_date" not in raw:
            return None
        value = checks.date_parse(raw["assured_date"])
        if value is None:
            self.fail(f"{where}.assured_date", _("“%(value)s” is not a date") % {"value": raw["assured_date"]})
        elif value > self.today + timedelta(days=1) or value < OLDEST_ASSURED_DATE:
            self.fail(f"{where}.assured_date", _("%(value)s is not a plausible date") % {"value": raw["assured_date"]})
            return None
        return value

    def terms(self, slugs: list[str], known: frozenset[str], where: str, message: Callable[[], str]) -> list[str]:
        """The known slugs; each unknown one fails with `message()` (translated only then: checked on every
        service of an import)."""
        for slug in slugs:
            if slug not in known:
                self.fail(where, message() % {"slug": slug})
        return [slug for slug in slugs if slug in known]

    def service(self, raw: dict[str, Any], where: str) -> ServiceRecord:
        return ServiceRecord(
            slug=raw["slug"],
            name=self.required_text(raw, "name", where),
            clienteles=self.terms(
                raw["clienteles"],
                self.reference.clienteles,
                f"{where}.clienteles",
                lambda: _("unknown clientèle “%(slug)s”"),
            ),
            kinds=self.terms(
                raw["kinds"], self.reference.kinds, f"{where}.kinds", lambda: _("unknown kind of service “%(slug)s”")
            ),
            description=text_of(raw, "description"),
            url=self.url(raw, "url", where),
            email=self.email(raw, "email", where),
            status=raw.get("status", "active"),
            fees_description=text_of(raw, "fees_description"),
            eligibility_description=text_of(raw, "eligibility_description"),
            application_process=text_of(raw, "application_process"),
            assured_date=self.assured_date(raw, where),
            assurer=raw.get("assurer", "").strip(),
            phones=self.phones(raw.get("phones", []), where),
            schedules=self.schedules(raw.get("schedules", []), where),
            languages=self.languages(raw.get("languages", []), where),
            service_areas=[
                self.service_area(a, f"{where}.service_areas[{i}]") for i, a in enumerate(raw.get("service_areas", []))
            ],
            uuid=raw.get("uuid"),
            hsds_extra=raw.get("hsds_extra", {}),
        )

    def duplicates(self, slugs: list[str], where: str) -> None:
        seen: set[str] = set()
        for slug in slugs:
            if slug in seen:
                self.fail(where, _("the identifier “%(slug)s” is used twice") % {"slug": slug})
            seen.add(slug)

    def service_points(self, raw: dict[str, Any], services: set[str], locations: set[str]) -> list[ServicePointRecord]:
        points, pairs = [], set()
        for i, item in enumerate(raw["service_at_locations"]):
            where = f"service_at_locations[{i}]"
            pair = (item["service"], item["location"])
            if item["service"] not in services:
                self.fail(where, _("no service “%(slug)s” in this organisation") % {"slug": item["service"]})
            if item["location"] not in locations:
                self.fail(where, _("no location “%(slug)s” in this organisation") % {"slug": item["location"]})
            if pair in pairs:
                self.fail(where, _("this service is already listed at this location"))
            pairs.add(pair)
            points.append(
                ServicePointRecord(
                    pair[0],
                    pair[1],
                    text_of(item, "description"),
                    item.get("is_active", True),
                    uuid=item.get("uuid"),
                    hsds_extra=item.get("hsds_extra", {}),
                )
            )
        for slug in sorted(services - {p.service_slug for p in points}):
            self.fail("services", _("the service “%(slug)s” is offered at no location") % {"slug": slug})
        return points


def organization_parse(
    raw: object, *, reference: Reference, today: date, allow_untagged: bool = False, digest: str | None = None
) -> tuple[OrganizationRecord | None, list[str]]:
    """Turn one raw organisation of an import file into a typed record, or say why it is rejected.

    allow_untagged: a service may come without clientèles or kinds (HSDS imports: the report lists it).
    digest: `record_digest(raw)` when the caller computed it already."""
    problems = schema_problems(raw, "organization", allow_untagged=allow_untagged)
    if problems:
        return None, problems
    assert isinstance(raw, dict)  # the schema guarantees it
    checker = _Checker(reference, today)
    checker.duplicates([s["slug"] for s in raw["services"]], "services")
    checker.duplicates([loc["slug"] for loc in raw["locations"]], "locations")
    services = [checker.service(s, f"services[{i}]") for i, s in enumerate(raw["services"])]
    locations = [checker.location(loc, f"locations[{i}]") for i, loc in enumerate(raw["locations"])]
    points = checker.service_points(
        raw, {s["slug"] for s in raw["services"]}, {loc["slug"] for loc in raw["locations"]}
    )
    record = OrganizationRecord(
        slug=raw["slug"],
        name=checker.required_text(raw, "name", "organization"),
        description=text_of(raw, "description"),
        digest=digest or record_digest(raw),
        alternate_name=raw.get("alternate_name", "").strip(),
        email=checker.email(raw, "email", "organization"),
        website=checker.url(raw, "website", "organization"),
        is_member=raw.get("is_member", False),
        is_sample=raw.get("is_sample", False),
        phones=checker.phones(raw.get("phones", []), "organization"),
        services=services,
        locations=[loc for loc in locations if loc is not None],
        service_points=points,
        uuid=raw.get("uuid"),
        hsds_extra=raw.get("hsds_extra", {}),
    )
    if checker.problems:
        return None, checker.problems[:MAX_REASONS]
    return record, []
