"""What the finder shows about one service point, computed once in Python so the templates stay declarative.

Reads only prefetched relations (see directory/queries.py): building a card never queries the database.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from directory.models import Schedule, ServiceAtLocation

STALE_AFTER_DAYS = 365
DAY_CODES = Schedule.DAY_ORDER  # MO … SU, Python's weekday() order


@dataclass(frozen=True)
class PhoneLine:
    label: str  # "418 555-0123, ext. 12"
    href: str  # "tel:+14185550123,12"
    kind: str  # "voice", "text", "fax", "tty"
    description: str


@dataclass(frozen=True)
class DayHours:
    day: str  # translated day name
    code: str  # "MO"
    ranges: list[str]
    is_today: bool


@dataclass(frozen=True)
class Verification:
    date: datetime.date | None
    is_stale: bool


@dataclass
class Card:
    point: ServiceAtLocation
    distance_km: float | None = None
    address: str = ""
    phones: list[PhoneLine] = field(default_factory=list)
    week: list[DayHours] = field(default_factory=list)
    today: DayHours | None = None
    languages: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    clienteles: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    website: str = ""
    verification: Verification = Verification(None, False)
    # An eligibility decision (eligibility.engine.Decision) set by the view when the person answered the questions;
    # the card then shows eligibility/_decision.html.
    decision: object | None = None
    universal_decision: object | None = None  # the same person under universal access, for the comparison

    @property
    def organization(self):
        return self.point.service.organization

    @property
    def service(self):
        return self.point.service

    @property
    def location(self):
        return self.point.location

    @property
    def url(self) -> str:
        return self.point.get_absolute_url()

    @property
    def directions_url(self) -> str:
        return directions_url(self.point.latitude, self.point.longitude)

    @property
    def is_sample(self) -> bool:
        return self.organization.is_sample


def directions_url(latitude: float, longitude: float) -> str:
    return f"https://www.openstreetmap.org/directions?to={latitude:.5f}%2C{longitude:.5f}"


def format_phone(number: str, extension: str = "") -> PhoneLine | None:
    """A North American E.164 number as people write it in Québec: "+14185550123" -> "418 555-0123"."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        if not digits:
            return None
        label, href = number, f"tel:+{digits}"
    else:
        label = f"{digits[:3]} {digits[3:6]}-{digits[6:]}"
        href = f"tel:+1{digits}"
        if digits[:3] in ("800", "833", "844", "855", "866", "877", "888"):
            label = f"1 {label}"
    extension = "".join(ch for ch in extension if ch.isdigit())
    if extension:
        label = _("%(number)s, ext. %(extension)s") % {"number": label, "extension": extension}
        href = f"{href},{extension}"
    return PhoneLine(label=label, href=href, kind="voice", description="")


def _phones(point: ServiceAtLocation, *, with_organization: bool = False) -> list[PhoneLine]:
    rows = list(point.location.phones.all()) + list(point.service.phones.all())
    if with_organization:
        rows += list(point.service.organization.phones.all())
    lines, seen = [], set()
    for row in rows:
        line = format_phone(row.number, row.extension)
        if line is None or line.href in seen:
            continue
        seen.add(line.href)
        lines.append(
            PhoneLine(label=line.label, href=line.href, kind=row.phone_type, description=row.description or "")
        )
    return lines


def _address(point: ServiceAtLocation) -> str:
    addresses = list(point.location.addresses.all())
    physical = [a for a in addresses if a.address_type == "physical"] or addresses
    if not physical:
        return point.location.municipality.name
    a = physical[0]
    street = ", ".join(part for part in (a.address_1, a.address_2) if part)
    return f"{street}, {a.city} (Québec) {a.postal_code}".strip()


def _week(schedules, today_code: str) -> list[DayHours]:
    by_day: dict[str, list[str]] = {}
    for row in sorted(schedules, key=lambda s: (DAY_CODES.index(s.byday), s.opens_at)):
        text = f"{formats.time_format(row.opens_at)} – {formats.time_format(row.closes_at)}"
        if row.description:
            text = f"{text} ({row.description})"
        by_day.setdefault(row.byday, []).append(text)
    labels = dict(Schedule.Day.choices)
    return [
        DayHours(day=str(labels[code]), code=code, ranges=by_day[code], is_today=code == today_code)
        for code in DAY_CODES
        if code in by_day
    ]


def _languages(point: ServiceAtLocation) -> list[str]:
    names = [lang.name for lang in point.service.languages.all()] + [
        lang.name for lang in point.location.languages.all()
    ]
    return list(dict.fromkeys(name for name in names if name))


def verification_of(assured_date: datetime.date | None, today: datetime.date) -> Verification:
    stale = assured_date is None or (today - assured_date).days > STALE_AFTER_DAYS
    return Verification(date=assured_date, is_stale=stale)


def card_for(
    point: ServiceAtLocation,
    distance_km: float | None = None,
    *,
    today: datetime.date | None = None,
    detailed: bool = False,
) -> Card:
    """Everything a result card (or, with ``detailed``, a service point page) shows about a point."""
    today = today or timezone.localdate()
    today_code = DAY_CODES[today.weekday()]
    schedules = list(point.location.schedules.all())
    if detailed:  # the service's own hours are prefetched for the page of one point only
        schedules += list(point.service.schedules.all())
    week = _week(schedules, today_code)
    service = point.service
    return Card(
        point=point,
        distance_km=distance_km,
        address=_address(point),
        phones=_phones(point, with_organization=detailed),
        week=week,
        today=next((day for day in week if day.is_today), None),
        languages=_languages(point),
        accessibility=[a.description for a in point.location.accessibility.all() if a.description],
        clienteles=[c.name for c in service.clienteles.all()],
        kinds=[k.name for k in service.kinds.all()],
        website=service.url or service.organization.website,
        verification=verification_of(service.assured_date, today),
    )


def marker_for(card: Card) -> dict:
    """Map marker data (rendered with json_script; the map script writes it with textContent, never as HTML)."""
    return {
        "id": card.point.pk,
        "lat": card.point.latitude,
        "lon": card.point.longitude,
        "title": card.organization.name,
        "subtitle": card.service.name,
        "url": reverse("finder:service_point", args=[card.point.pk]),
    }


def map_data(cards: list[Card], origin=None) -> dict:
    """What the map script draws: the points, and the searched place when there is one."""
    data: dict = {"points": [marker_for(card) for card in cards]}
    if origin is not None:
        data["origin"] = {"lat": origin.latitude, "lon": origin.longitude, "label": origin.label}
    return data
