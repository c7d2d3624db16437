"""The association's spreadsheet of service points, through the directory's one door.

One row is one service point (a service at a place). Each row becomes an organisation record of the import format
(directory/validation.py checks it with the same rules as a JSON import); rows sharing an organisation key are merged
into one organisation, written with the same writes (directory/writes.py) and reported with the same
ImportReport/Rejection shape, the row number of the sheet as the index. Importing is idempotent: an organisation whose
rows did not change is skipped (digest), a corrected row updates its organisation in place (matched on the keys the
sheet carries).

Coordinates are optional: without them, a service point is placed at its full postal code's point from the bundled
postal-code table (recorded on the location as "placed from postal code"), or at its municipality's point when the
table's point for that code lies too far from the municipality (a namesake's place in the source data).
"""

import csv
import io
import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from geography.models import PostalCode

from . import checks, normalise
from .importer import ImportReport, Rejection, reference_from_db
from .models import Clientele, Location, Organization, ServiceKind
from .records import OrganizationRecord, Reference
from .validation import language_name, organization_parse, record_digest
from .writes import organizations_create, organizations_replace

MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 5000
EXAMPLE_KEY = "exemple-a-remplacer"
FIRST_DATA_ROW = 2  # row 1 holds the headings


@dataclass(frozen=True)
class Column:
    key: str
    french: str  # heading in the French template
    english: str  # heading in the English template
    help: Any  # lazy translated explanation (second sheet)
    example: str = ""
    required: bool = False


COLUMNS = [
    Column(
        "org_key",
        "cle_organisme",
        "organization_key",
        gettext_lazy(
            "Stable identifier of the organisation (letters, digits, dashes). Keep it from one upload to the next: "
            "it is how a corrected file updates the organisation instead of adding another. Empty: made from the name."
        ),
        "cje-exemple",
    ),
    Column(
        "org_name",
        "nom_organisme",
        "organization_name",
        gettext_lazy("Name of the organisation (French)."),
        "Carrefour jeunesse-emploi Exemple",
        True,
    ),
    Column(
        "org_name_en",
        "nom_organisme_en",
        "organization_name_en",
        gettext_lazy("Name in English (empty: the French name is shown)."),
        "",
    ),
    Column(
        "email",
        "courriel",
        "email",
        gettext_lazy("The organisation's e-mail address: the invitation to claim the listing is sent there."),
        "direction@cje-exemple.org",
    ),
    Column(
        "website", "site_web", "website", gettext_lazy("Website (www.example.org is accepted)."), "www.cje-exemple.org"
    ),
    Column("member", "membre", "member", gettext_lazy("Member of the association: oui / non (yes / no)."), "oui"),
    Column(
        "site_key",
        "cle_point",
        "site_key",
        gettext_lazy(
            "Stable identifier of this service point within the organisation (e.g. main, north-office). "
            "Keep it from one upload to the next. Empty: made from the address."
        ),
        "principal",
    ),
    Column(
        "site_name",
        "nom_point",
        "site_name",
        gettext_lazy("Name of the place (empty: the organisation's name)."),
        "Bureau principal",
    ),
    Column("address", "adresse", "address", gettext_lazy("Street address."), "123, rue Principale", True),
    Column("address_2", "adresse_2", "address_2", gettext_lazy("Suite, floor (optional)."), "bureau 200"),
    Column(
        "municipality",
        "municipalite",
        "municipality",
        gettext_lazy("Municipality: its name (accents optional) or its 5-digit code."),
        "Rimouski",
        True,
    ),
    Column(
        "postal_code",
        "code_postal",
        "postal_code",
        gettext_lazy("Full Québec postal code (G5L 1A1). Without coordinates, the point is placed from it."),
        "G5L 1A1",
        True,
    ),
    Column(
        "latitude",
        "latitude",
        "latitude",
        gettext_lazy(
            "Optional, decimal degrees (48.4489). Leave both coordinates empty to place from the postal code."
        ),
        "",
    ),
    Column("longitude", "longitude", "longitude", gettext_lazy("Optional, decimal degrees (-68.5236)."), ""),
    Column(
        "phone",
        "telephone",
        "phone",
        gettext_lazy("Phone number as usually written: 418 555-0123, (418) 555-0123 poste 12."),
        "418 555-0123 poste 12",
    ),
    Column(
        "hours",
        "heures",
        "hours",
        gettext_lazy(
            "Opening hours: “lun-ven 8h30-16h30”, “lun-jeu 9h-12h, 13h-16h; ven 9h-12h”, "
            "“Mon-Fri 9am-5pm”. A time range without days means Monday to Friday."
        ),
        "lun-ven 8h30-16h30",
    ),
    Column(
        "service_name",
        "service",
        "service",
        gettext_lazy("Name of the service offered here (empty: “Services d'emploi”)."),
        "Aide à l'emploi",
    ),
    Column(
        "service_name_en",
        "service_en",
        "service_en",
        gettext_lazy("Name of the service in English (optional)."),
        "Employment help",
    ),
    Column(
        "clienteles",
        "clienteles",
        "clienteles",
        gettext_lazy("Who it serves: one or more clientèles, separated by commas (list below; identifier or name)."),
        "youth, immigrants",
        True,
    ),
    Column(
        "kinds",
        "types_service",
        "service_kinds",
        gettext_lazy("Kinds of service, separated by commas (list below; identifier or name)."),
        "job-search, cv-interview",
    ),
    Column(
        "languages",
        "langues",
        "languages",
        gettext_lazy("Languages of service: ISO codes separated by commas (fr, en, es)."),
        "fr, en",
    ),
    Column(
        "description",
        "description",
        "description",
        gettext_lazy("Description (French)."),
        "Aide les jeunes de 16 à 35 ans à trouver un emploi.",
    ),
    Column(
        "description_en",
        "description_en",
        "description_en",
        gettext_lazy("Description (English, optional)."),
        "Helps young people aged 16 to 35 find a job.",
    ),
]
_COLUMN_BY_HEADING = {
    heading: column.key for column in COLUMNS for heading in (column.french, column.english, column.key)
}


class SheetFileError(Exception):
    """The file as a whole cannot be read: nothing is imported."""


@dataclass
class RowOutcome:
    row: int
    org_key: str
    site_key: str
    name: str
    municipality: str
    action: str  # "created", "updated", "unchanged", "rejected"
    placed_from_postal_code: bool = False
    placed_at_municipality: bool = False  # the postal code's point was too far: the municipality's point instead
    reasons: list[str] = field(default_factory=list)


@dataclass
class SheetReport(ImportReport):
    """The door's report (counts per service point row; rejections indexed by row number) with each row's outcome."""

    rows: list[RowOutcome] = field(default_factory=list)


# Reading -----------------------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) > 1000:
        return str(int(value))  # a phone number or code Excel stored as a number
    return str(value).strip()


def sheet_read(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of an XLSX or CSV file as (row number, {column key: text}); empty rows left out."""
    if len(content) > MAX_BYTES:
        raise SheetFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        table = _xlsx_rows(content)
    else:
        table = _csv_rows(content)
    try:
        headings = next(table)
    except StopIteration:
        raise SheetFileError(_("The file is empty.")) from None
    keys = [_COLUMN_BY_HEADING.get(slugify(_cell(h)).replace("-", "_")) for h in headings]
    missing = [c for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        raise SheetFileError(
            _("The first row must hold the column headings of the template; missing: %(columns)s.")
            % {"columns": ", ".join(c.french for c in missing)}
        )
    rows = []
    for number, values in enumerate(table, start=FIRST_DATA_ROW):
        cells = {key: _cell(value) for key, value in zip(keys, values, strict=False) if key}
        if any(cells.values()):
            rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise SheetFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return rows


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SheetFileError(_("This is not a readable XLSX file.")) from exc
    sheet = workbook.worksheets[0]
    yield from sheet.iter_rows(values_only=True)
    workbook.close()


def _csv_rows(content: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise SheetFileError(_("This CSV file is neither UTF-8 nor Windows-1252."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error as exc:
        raise SheetFileError(_("This CSV file cannot be read: %(error)s") % {"error": exc}) from exc


# One row to one import-format organisation --------------------------------------------------------------------------


@dataclass
class _Terms:
    """Clientèles and kinds of service by identifier or folded name (French or English)."""

    clienteles: dict[str, str]
    kinds: dict[str, str]

    @classmethod
    def load(cls) -> "_Terms":
        def names(model) -> dict[str, str]:
            found = {}
            for slug, fr, en in model.objects.values_list("slug", "name_fr", "name_en"):
                for name in (slug, fr, en):
                    if name:
                        found[slugify(name)] = slug
            return found

        return cls(names(Clientele), names(ServiceKind))


def _slug(text: str) -> str:
    return slugify(text)[:80].strip("-")


def _language(value: str) -> dict[str, str] | None:
    code = value.strip().lower()
    named = {"francais": "fr", "french": "fr", "anglais": "en", "english": "en", "espagnol": "es", "spanish": "es"}
    code = named.get(slugify(code), code)
    return {"code": code} if language_name(code) else None


def row_raw(
    cells: dict[str, str], *, terms: _Terms, postal_points: dict[str, tuple[float, float]]
) -> tuple[dict[str, Any] | None, list[str], bool]:
    """One row as an import-format organisation, the reasons it cannot be read, and whether it was placed from its
    postal code. Values are normalised here; the door's checks run after."""
    reasons: list[str] = []

    def read(key: str, reader, default=""):
        try:
            return reader(cells.get(key, "")) if cells.get(key, "") else default
        except normalise.UnreadableError as exc:
            reasons.append(f"{_heading(key)}: {exc}")
            return default

    name = cells.get("org_name", "")
    org_slug = _slug(cells.get("org_key") or name)
    site_slug = _slug(cells.get("site_key") or f"{cells.get('address', '')} {cells.get('postal_code', '')}") or "site"
    phone = read("phone", normalise.phone, None)
    schedules = read("hours", normalise.hours, [])
    website = read("website", normalise.website)
    member = read("member", normalise.yes_no, False)
    clienteles = _terms(cells.get("clienteles", ""), terms.clienteles, "clienteles", reasons)
    kinds = _terms(cells.get("kinds", ""), terms.kinds, "kinds", reasons)
    languages = []
    for item in normalise.items(cells.get("languages", "")):
        language = _language(item)
        if language is None:
            reasons.append(f"{_heading('languages')}: " + _("unknown language “%(value)s”") % {"value": item})
        elif language not in languages:
            languages.append(language)
    if not cells.get("org_name"):
        reasons.append(f"{_heading('org_name')}: " + _("must not be empty"))
    if not org_slug:
        reasons.append(f"{_heading('org_key')}: " + _("must hold letters or digits"))
    if not cells.get("clienteles"):
        reasons.append(f"{_heading('clienteles')}: " + _("give at least one clientèle"))
    postal_code = checks.postal_code_normalise(cells.get("postal_code", ""))
    placed = False
    latitude, longitude = _float(cells.get("latitude", "")), _float(cells.get("longitude", ""))
    if (cells.get("latitude") or cells.get("longitude")) and (latitude is None or longitude is None):
        reasons.append(
            f"{_heading('latitude')}, {_heading('longitude')}: "
            + _("give both coordinates as decimal degrees, or leave both empty")
        )
    elif latitude is None:
        if postal_code is None:
            reasons.append(
                f"{_heading('postal_code')}: "
                + _("“%(value)s” is not a Québec postal code (e.g. G5L 1A1)")
                % {"value": checks.shorten(cells.get("postal_code", ""))}
            )
        elif postal_code.replace(" ", "") not in postal_points:
            reasons.append(
                f"{_heading('postal_code')}: "
                + _("the postal code %(code)s is not in the postal-code table: give the coordinates")
                % {"code": postal_code}
            )
        else:
            latitude, longitude = postal_points[postal_code.replace(" ", "")]
            placed = True
    if reasons:
        return None, reasons, placed
    site_name = cells.get("site_name") or name
    location: dict[str, Any] = {
        "slug": site_slug,
        "name": {"fr": site_name},
        "latitude": latitude,
        "longitude": longitude,
        "municipality": cells.get("municipality", ""),
        "addresses": [
            {
                "address_1": cells.get("address", ""),
                "address_2": cells.get("address_2", ""),
                "city": cells.get("municipality", ""),
                "postal_code": cells.get("postal_code", ""),
            }
        ],
        "schedules": schedules,
        "languages": languages,
    }
    if phone:
        location["phones"] = [{"number": phone[0], "extension": phone[1]}]
    service_name = {"fr": cells.get("service_name") or "Services d'emploi"}
    service_name["en"] = cells.get("service_name_en") or ("" if cells.get("service_name") else "Employment services")
    raw = {
        "slug": org_slug,
        "name": {"fr": name, "en": cells.get("org_name_en", "")},
        "description": {"fr": cells.get("description", ""), "en": cells.get("description_en", "")},
        "email": cells.get("email", ""),
        "website": website,
        "is_member": member,
        "services": [
            {
                "slug": site_slug,
                "name": service_name,
                "description": {"fr": cells.get("description", ""), "en": cells.get("description_en", "")},
                "clienteles": clienteles,
                "kinds": kinds,
                "languages": languages,
            }
        ],
        "locations": [location],
        "service_at_locations": [{"service": site_slug, "location": site_slug}],
    }
    return raw, [], placed


def _float(value: str) -> float | None:
    try:
        return float(value.replace(",", ".")) if value else None
    except ValueError:
        return None


def _terms(value: str, known: dict[str, str], key: str, reasons: list[str]) -> list[str]:
    slugs: list[str] = []
    for item in normalise.items(value):
        slug = known.get(slugify(item))
        if slug is None:
            reasons.append(
                f"{_heading(key)}: "
                + _("unknown value “%(value)s” (see the list in the template)") % {"value": checks.shorten(item)}
            )
        elif slug not in slugs:
            slugs.append(slug)
    return slugs


def _heading(key: str) -> str:
    """The column's heading in the reader's language (both templates' headings are accepted)."""
    column = next(c for c in COLUMNS if c.key == key)
    return column.english if (get_language() or "fr").startswith("en") else column.french


# The door's reasons name fields of the import format; staff read column headings.
_PATHS = [
    ("locations[0].addresses[0].postal_code", "postal_code"),
    ("locations[0].addresses[0].address_1", "address"),
    ("locations[0].addresses", "address"),
    ("locations[0].municipality", "municipality"),
    ("locations[0].name", "site_name"),
    ("locations[0].slug", "site_key"),
    ("locations[0].phones", "phone"),
    ("locations[0].schedules", "hours"),
    ("locations[0].languages", "languages"),
    ("locations[0].region", "municipality"),
    ("locations[0]", "latitude"),
    ("services[0].clienteles", "clienteles"),
    ("services[0].kinds", "kinds"),
    ("services[0].name", "service_name"),
    ("services[0]", "service_name"),
    ("organization.name", "org_name"),
    ("organization.email", "email"),
    ("organization.website", "website"),
    ("email", "email"),
    ("website", "website"),
    ("name", "org_name"),
    ("slug", "org_key"),
]


def _staff_reason(reason: str, *, placed: bool = False) -> str:
    if placed and reason.startswith("locations[0]:"):
        # The coordinates came from the postal-code table: say so rather than blame coordinates nobody typed.
        return f"{_heading('postal_code')}: " + _(
            "the point of this postal code is too far from the municipality (%(reason)s): check the municipality, "
            "or give the coordinates"
        ) % {"reason": reason.removeprefix("locations[0]:").strip()}
    for path, key in _PATHS:
        if reason.startswith(path):
            rest = reason[len(path) :].lstrip(".[]0123456789").lstrip(":. ").lstrip("frn.:").strip()
            return f"{_heading(key)}: {rest or reason}"
    return reason


# Merging rows into organisations, then writing through the door's writes --------------------------------------------


@dataclass
class _Org:
    raw_rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    records: list[OrganizationRecord] = field(default_factory=list)
    record: OrganizationRecord | None = None
    rows: list[RowOutcome] = field(default_factory=list)


def _org_fields(raw: dict[str, Any]) -> tuple:
    return (raw["name"]["fr"], raw["name"].get("en", ""), raw["email"], raw["website"], raw["is_member"])


def sheet_import(
    rows: list[tuple[int, dict[str, str]]],
    *,
    dry_run: bool = False,
    protected: frozenset[str] = frozenset(),
    today: date | None = None,
) -> SheetReport:
    """Check every row, merge rows into organisations and (unless dry_run) save the valid ones.

    `protected`: keys of organisations their centre now manages (claimed): the sheet no longer overwrites them.
    An organisation with any rejected row is held back whole, so a typo never removes a live service point.
    """
    today = today or timezone.localdate()
    reference = reference_from_db()
    terms = _Terms.load()
    report = SheetReport(dry_run=dry_run)
    codes = {
        code.replace(" ", "")
        for _n, cells in rows
        if (code := checks.postal_code_normalise(cells.get("postal_code", "")))
    }
    postal_points = _postal_points(codes)
    # Rows read into the import format first (cheap), grouped by organisation: an organisation whose rows are
    # exactly those imported last time is unchanged without checking its rows again (like the JSON door).
    groups: dict[str, list[tuple[int, dict[str, str], _RowRaw]]] = {}
    for number, cells in rows:
        if cells.get("org_key") == EXAMPLE_KEY:
            continue
        report.total += 1
        read = _RowRaw(*row_raw(cells, terms=terms, postal_points=postal_points))
        _place_at_municipality_if_far(read, reference)
        key = read.raw["slug"] if read.raw else _slug(cells.get("org_key") or cells.get("org_name", ""))
        groups.setdefault(key, []).append((number, cells, read))
    digests = dict(Organization.objects.filter(slug__in=groups).values_list("slug", "import_hash"))
    orgs: dict[str, _Org] = {}
    for key, group in groups.items():
        raws = [read.raw for _n, _c, read in group]
        if key in digests and all(raws) and digests[key] == record_digest(raws):
            org = orgs.setdefault(key, _Org())
            for number, cells, read in group:
                org.rows.append(_outcome(number, cells, read, "unchanged"))
            continue
        for number, cells, read in group:
            _row_check(number, cells, read, reference, today, orgs)
    report.rows = sorted((row for org in orgs.values() for row in org.rows), key=lambda row: row.row)
    for row in report.rows:  # staff read names, whether the sheet gave a name or a code
        matches = reference.municipality_matches(row.municipality) if row.municipality else []
        if len(matches) == 1:
            row.municipality = matches[0].name
    new: list[_Org] = []
    changed: list[_Org] = []
    for slug, org in orgs.items():
        if all(row.action == "unchanged" for row in org.rows):
            continue
        if any(row.action == "rejected" for row in org.rows):
            bad = [str(row.row) for row in org.rows if row.action == "rejected"]
            for row in org.rows:
                if row.action != "rejected":
                    row.action = "rejected"
                    row.reasons = [
                        _("held back: row %(rows)s of the same organisation is rejected") % {"rows": ", ".join(bad)}
                    ]
            continue
        org.record = _merged(org)
        if slug in protected:
            _mark(org.rows, "unchanged")
        elif slug not in digests:
            new.append(org)
            _mark(org.rows, "created")
        elif digests[slug] == org.record.digest:
            _mark(org.rows, "unchanged")
        else:
            changed.append(org)
    sites = set(
        Location.objects.filter(organization__slug__in=[org.record.slug for org in changed]).values_list(
            "organization__slug", "slug"
        )
    )
    for org in changed:
        for row in org.rows:
            row.action = "updated" if (org.record.slug, row.site_key) in sites else "created"
    if not dry_run and (new or changed):
        _write(new, changed)
    for row in report.rows:
        if row.action == "rejected":
            report.rejected.append(Rejection(row.row, row.org_key, row.reasons))
        elif row.action == "created":
            report.created += 1
        elif row.action == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def _postal_points(codes: set[str]) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    codes_list = sorted(codes)
    for start in range(0, len(codes_list), 500):
        batch = codes_list[start : start + 500]
        found.update(
            (code, (lat, lon))
            for code, lat, lon in PostalCode.objects.filter(code__in=batch).values_list("code", "latitude", "longitude")
        )
    return found


@dataclass
class _RowRaw:
    raw: dict[str, Any] | None
    reasons: list[str]
    placed: bool
    at_municipality: bool = False


def _place_at_municipality_if_far(read: _RowRaw, reference: Reference) -> None:
    """A point taken from the postal-code table that lies far from the row's municipality, while other codes of the
    same postal area lie near it, is the table's mistake (GeoNames places some rural codes at a namesake: G0X 3A0,
    Saint-Prosper-de-Champlain, sits at Saint-Prosper in another region, 170 km away), not the staff's: the row is
    placed at its municipality's point instead, and the preview says so. A code whose whole postal area is elsewhere
    (a Montréal code for Rimouski) is a typo: the door rejects it. Coordinates typed in the sheet are never moved."""
    if read.raw is None or not read.placed:
        return
    location = read.raw["locations"][0]
    matches = reference.municipality_matches(location["municipality"])
    if len(matches) != 1:
        return  # unknown or ambiguous: the door's own check says so
    muni = matches[0]
    distance = checks.haversine_km(location["latitude"], location["longitude"], muni.latitude, muni.longitude)
    fsa = checks.postal_code_normalise(location["addresses"][0]["postal_code"] or "")
    if distance > checks.MAX_KM_FROM_MUNICIPALITY and fsa and _postal_area_near(fsa[:3], muni.latitude, muni.longitude):
        location["latitude"], location["longitude"] = muni.latitude, muni.longitude
        read.at_municipality = True


def _postal_area_near(fsa: str, latitude: float, longitude: float) -> bool:
    """Whether some code of the postal area lies within the allowed distance of the point."""
    km = checks.MAX_KM_FROM_MUNICIPALITY
    dlat = km / 111.0
    dlon = km / (111.0 * max(0.1, math.cos(math.radians(latitude))))
    return PostalCode.objects.filter(
        code__startswith=fsa,
        latitude__range=(latitude - dlat, latitude + dlat),
        longitude__range=(longitude - dlon, longitude + dlon),
    ).exists()


def _outcome(number: int, cells: dict[str, str], read: _RowRaw, action: str) -> RowOutcome:
    raw = read.raw
    return RowOutcome(
        row=number,
        org_key=raw["slug"] if raw else _slug(cells.get("org_key") or cells.get("org_name", "")),
        site_key=raw["locations"][0]["slug"] if raw else _slug(cells.get("site_key", "")),
        name=cells.get("org_name", ""),
        municipality=cells.get("municipality", ""),
        action=action,
        placed_from_postal_code=read.placed,
        placed_at_municipality=read.at_municipality,
    )


def _row_check(number, cells, read: _RowRaw, reference: Reference, today, orgs) -> None:
    """Check one row with the door's rules (as a one-row organisation), then against its organisation's rows."""
    raw, reasons = read.raw, read.reasons
    outcome = _outcome(number, cells, read, "rejected")
    if raw is not None:
        record, problems = organization_parse(raw, reference=reference, today=today)
        reasons = [_staff_reason(p, placed=read.placed) for p in problems]
    org = orgs.setdefault(outcome.org_key, _Org())
    if raw is not None and not reasons and org.raw_rows:
        first = org.raw_rows[0][1]
        if _org_fields(first) != _org_fields(raw):
            reasons = [
                _("the organisation's name, e-mail, website or membership differs from row %(row)s")
                % {"row": org.raw_rows[0][0]}
            ]
        elif any(r["locations"][0]["slug"] == outcome.site_key for _n, r in org.raw_rows):
            reasons = [
                f"{_heading('site_key')}: "
                + _("another row of this organisation already uses “%(key)s”") % {"key": outcome.site_key}
            ]
    outcome.reasons = reasons
    if raw is not None and not reasons:
        outcome.action = "checked"
        org.raw_rows.append((number, raw))
        org.records.append(record)
    org.rows.append(outcome)


def _merged(org: _Org) -> OrganizationRecord:
    """One organisation record from its rows, each already checked by the door as a one-row organisation."""
    first = org.records[0]
    return replace(
        first,
        digest=record_digest([raw for _n, raw in org.raw_rows]),
        services=[s for r in org.records for s in r.services],
        locations=[loc for r in org.records for loc in r.locations],
        service_points=[p for r in org.records for p in r.service_points],
        index=org.raw_rows[0][0],
    )


def _mark(rows: list[RowOutcome], action: str) -> None:
    for row in rows:
        row.action = action


def _write(new: list[_Org], changed: list[_Org]) -> None:
    with transaction.atomic(), disable_auditlog():
        if new:
            organizations_create([org.record for org in new])
        if changed:
            organizations_replace([org.record for org in changed])
        _placements_record(new + changed)


def _placements_record(orgs: list[_Org]) -> None:
    placed = {(org.record.slug, row.site_key) for org in orgs for row in org.rows if row.placed_from_postal_code}
    slugs = [org.record.slug for org in orgs]
    ids_placed, ids_given = [], []
    for pk, org_slug, slug in Location.objects.filter(organization__slug__in=slugs).values_list(
        "pk", "organization__slug", "slug"
    ):
        (ids_placed if (org_slug, slug) in placed else ids_given).append(pk)
    Location.objects.filter(pk__in=ids_placed).update(placed_from_postal_code=True)
    Location.objects.filter(pk__in=ids_given).update(placed_from_postal_code=False)
