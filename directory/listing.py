"""Everything a list of results shows about a page of service points, read in seven plain SQL statements.

A page of results is the site's hot path: the finder's cards (finder/cards.py) and the search API (api/listing.py)
both build on ``listing_points``. Building these statements through the ORM's prefetching cost more than twice the
whole rest of a search (model instances, translation descriptors, query compilation), so the few columns a result
shows are read with SQL written once here, the same on SQLite and PostgreSQL, table and column names taken from the
models. Texts come in the active language with French as the fallback, as django-modeltranslation does.

The page of one service point, which shows much more and is not hot, keeps the prefetching querysets of
directory/queries.py.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from geography.models import Municipality
from lib.sql import as_date, as_time, fetch_all
from lib.text import translated

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
    ServiceAtLocation,
    ServiceKind,
)


@dataclass(frozen=True)
class Term:
    """A clientèle or a kind of service."""

    slug: str
    name: str


@dataclass(frozen=True)
class SpokenLanguage:
    code: str
    name: str


@dataclass(frozen=True)
class PhoneRow:
    number: str
    extension: str
    phone_type: str
    description: str


@dataclass(frozen=True)
class AddressRow:
    address_type: str
    address_1: str
    address_2: str
    city: str
    postal_code: str

    @property
    def street(self) -> str:
        return ", ".join(part for part in (self.address_1, self.address_2) if part)


@dataclass(frozen=True)
class ScheduleRow:
    byday: str
    opens_at: dt.time
    closes_at: dt.time
    description: str


@dataclass
class ListingPoint:
    """One result: the service point, its service, organisation and location, and what a card lists of them."""

    id: int
    service_id: int
    location_id: int
    organization_id: int
    latitude: float
    longitude: float
    region_code: str
    organization_name: str
    service_name: str
    location_name: str
    municipality: str
    website: str
    is_sample: bool
    assured_date: dt.date | None
    clienteles: list[Term] = field(default_factory=list)
    kinds: list[Term] = field(default_factory=list)
    languages: list[SpokenLanguage] = field(default_factory=list)  # the service's, then the location's, no repeats
    service_phones: list[PhoneRow] = field(default_factory=list)
    location_phones: list[PhoneRow] = field(default_factory=list)
    organization_phones: list[PhoneRow] = field(default_factory=list)
    addresses: list[AddressRow] = field(default_factory=list)  # physical first
    schedules: list[ScheduleRow] = field(default_factory=list)  # the location's opening hours
    accessibility: list[str] = field(default_factory=list)

    @property
    def address(self) -> AddressRow | None:
        """The physical address, else the first one."""
        physical = [a for a in self.addresses if a.address_type == Address.Kind.PHYSICAL]
        return (physical or self.addresses or [None])[0]


def listing_points(ids: list[int], language: str = "fr") -> dict[int, ListingPoint]:
    """The active service points among ``ids`` (of active services), by id.

    Seven statements: the points, then the six lists of their details sent together (one round trip on PostgreSQL,
    see lib.sql); none when ids is empty.
    """
    if not ids:
        return {}
    text = translated(language)
    [point_rows] = fetch_all([(_in_lists(_POINTS_SQL, ids), [*ids, True, Service.Status.ACTIVE.value])])
    points = {row[0]: _point(row, text) for row in point_rows}
    if not points:
        return {}
    services = list(dict.fromkeys(point.service_id for point in points.values()))
    locations = list(dict.fromkeys(point.location_id for point in points.values()))
    organizations = list(dict.fromkeys(point.organization_id for point in points.values()))
    lists = {"services": services, "locations": locations, "organizations": organizations}
    term_rows, language_rows, phone_rows, address_rows, schedule_rows, accessibility_rows = fetch_all(
        [(_in_lists(sql, **lists), _params(sql, **lists)) for sql in _DETAIL_STATEMENTS]
    )
    by_service, by_location, by_organization = defaultdict(list), defaultdict(list), defaultdict(list)
    for point in points.values():
        by_service[point.service_id].append(point)
        by_location[point.location_id].append(point)
        by_organization[point.organization_id].append(point)

    for service_id, kind, slug, name_fr, name_en, _position in term_rows:
        for point in by_service.get(service_id, ()):
            (point.clienteles if kind == "c" else point.kinds).append(Term(slug, text(name_fr, name_en)))
    service_languages, location_languages = defaultdict(list), defaultdict(list)
    for service_id, location_id, code, name_fr, name_en in language_rows:
        spoken = SpokenLanguage(code, text(name_fr, name_en))
        (service_languages[service_id] if service_id else location_languages[location_id]).append(spoken)
    for point in points.values():  # a language given by both the service and the location is listed once
        given = service_languages[point.service_id] + location_languages[point.location_id]
        point.languages = list({spoken.code: spoken for spoken in reversed(given)}.values())[::-1]
    for organization_id, service_id, location_id, *phone in phone_rows:
        row = PhoneRow(phone[0], phone[1], phone[2], text(phone[3], phone[4]))
        for point in by_service.get(service_id, ()):
            point.service_phones.append(row)
        for point in by_location.get(location_id, ()):
            point.location_phones.append(row)
        for point in by_organization.get(organization_id, ()):
            point.organization_phones.append(row)
    for location_id, *address in address_rows:
        for point in by_location.get(location_id, ()):
            point.addresses.append(AddressRow(*address))
    for location_id, byday, opens_at, closes_at, note_fr, note_en in schedule_rows:
        row = ScheduleRow(byday, as_time(opens_at), as_time(closes_at), text(note_fr, note_en))
        for point in by_location.get(location_id, ()):
            point.schedules.append(row)
    for location_id, description_fr, description_en in accessibility_rows:
        for point in by_location.get(location_id, ()):
            point.accessibility.append(text(description_fr, description_en))
    return points


def _point(row: tuple, text) -> ListingPoint:
    (point_id, service_id, location_id, latitude, longitude, region_code, service_fr, service_en, service_url) = row[:9]
    assured, organization_id, organization_fr, organization_en, website, is_sample = row[9:15]
    location_fr, location_en, municipality = row[15:]
    return ListingPoint(
        id=point_id,
        service_id=service_id,
        location_id=location_id,
        organization_id=organization_id,
        latitude=latitude,
        longitude=longitude,
        region_code=region_code,
        organization_name=text(organization_fr, organization_en),
        service_name=text(service_fr, service_en),
        location_name=text(location_fr, location_en),
        municipality=municipality or "",
        website=service_url or website or "",
        is_sample=bool(is_sample),
        assured_date=as_date(assured),
    )


def _table(model) -> str:
    return model._meta.db_table


def _in_lists(sql: str, ids: list[int] | None = None, **lists: list[int]) -> str:
    """Expand each ``{name}`` of the SQL into as many placeholders as its list holds."""
    lists = {"ids": ids or [], **lists}
    return sql.format(**{name: ", ".join(["%s"] * len(values)) for name, values in lists.items()})


def _params(sql: str, **lists: list[int]) -> list[int]:
    """The lists' values in the order their ``{name}`` appear in the SQL (a name may appear more than once)."""
    return [value for match in _LIST_NAME.finditer(sql) for value in lists[match.group(1)]]


_LIST_NAME = re.compile(r"\{(\w+)\}")
_POINTS_SQL = (
    "SELECT sal.id, sal.service_id, sal.location_id, sal.latitude, sal.longitude, sal.region_id,"
    " s.name_fr, s.name_en, s.url, s.assured_date, o.id, o.name_fr, o.name_en, o.website, o.is_sample,"
    " l.name_fr, l.name_en, m.name"
    f" FROM {_table(ServiceAtLocation)} AS sal"
    f" JOIN {_table(Service)} AS s ON s.id = sal.service_id"
    f" JOIN {_table(Organization)} AS o ON o.id = s.organization_id"
    f" JOIN {_table(Location)} AS l ON l.id = sal.location_id"
    f" LEFT JOIN {_table(Municipality)} AS m ON m.code = l.municipality_id"
    " WHERE sal.id IN ({ids}) AND sal.is_active = %s AND s.status = %s"
)
_DETAIL_STATEMENTS = (
    # Clientèles and kinds of service.
    "SELECT t.service_id, 'c', c.slug, c.name_fr, c.name_en, c.position"
    f" FROM {_table(Service.clienteles.through)} AS t JOIN {_table(Clientele)} AS c ON c.id = t.clientele_id"
    " WHERE t.service_id IN ({services})"
    " UNION ALL SELECT t.service_id, 'k', k.slug, k.name_fr, k.name_en, k.position"
    f" FROM {_table(Service.kinds.through)} AS t JOIN {_table(ServiceKind)} AS k ON k.id = t.servicekind_id"
    " WHERE t.service_id IN ({services}) ORDER BY 1, 2, 6, 3",
    f"SELECT service_id, location_id, code, name_fr, name_en FROM {_table(Language)}"
    " WHERE service_id IN ({services}) OR location_id IN ({locations}) ORDER BY id",
    "SELECT organization_id, service_id, location_id, number, extension, phone_type, description_fr, description_en"
    f" FROM {_table(Phone)} WHERE service_id IN ({{services}}) OR location_id IN ({{locations}})"
    " OR organization_id IN ({organizations}) ORDER BY id",
    f"SELECT location_id, address_type, address_1, address_2, city, postal_code FROM {_table(Address)}"
    " WHERE location_id IN ({locations}) ORDER BY address_type, id",
    f"SELECT location_id, byday, opens_at, closes_at, description_fr, description_en FROM {_table(Schedule)}"
    " WHERE location_id IN ({locations}) ORDER BY id",
    f"SELECT location_id, description_fr, description_en FROM {_table(Accessibility)}"
    " WHERE location_id IN ({locations}) ORDER BY id",
)
