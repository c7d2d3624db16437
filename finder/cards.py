"""What the finder shows about one service point, computed once in Python so the templates stay declarative.

The results page shows compact cards (``ResultCard``): their markup is rendered once per data version and language
from directory.listing's rows (``result_statics``, kept as fragments by speed/fragments.py) and only what the
request changes is written per request (``live_meta``: the distance and "open now"; ``live_decision``: the
eligibility status). The page of one service point and an organisation's page build full cards from prefetched
model instances (``card_for``, see directory/queries.py). Both read the same attribute names (phones, addresses,
schedules), so one set of helpers formats them, and building a card never queries the database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from directory.listing import ListingPoint
from directory.models import Schedule, ServiceAtLocation
from speed.shells import render_shelled

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


@dataclass(frozen=True)
class Opening:
    """Whether the place is open now, and if not, when it next opens (from its weekly hours)."""

    is_open: bool
    text: str  # "Open now, until 4:30 p.m." / "Closed now · opens Monday at 8:30 a.m."


@dataclass
class Card:
    point_id: int
    latitude: float
    longitude: float
    organization_name: str
    service_name: str
    organization_id: int | None = None
    is_sample: bool = False
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
    opening: Opening | None = None  # None: no hours listed
    # An eligibility decision (eligibility.engine.Decision) set by the view when the person answered the questions;
    # the card then shows eligibility/_decision.html.
    decision: object | None = None
    universal_decision: object | None = None  # the same person under universal access, for the comparison
    # The model instance, with its relations prefetched, on the pages that show more than a card (card_for).
    point: ServiceAtLocation | None = None

    @property
    def organization(self):
        return self.point.service.organization

    @property
    def service(self):
        return self.point.service

    @property
    def location(self):
        return self.point.location

    @cached_property
    def url(self) -> str:
        return reverse("finder:service_point", args=[self.point_id])

    @property
    def directions_url(self) -> str:
        return directions_url(self.latitude, self.longitude)


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


def _phones(rows) -> list[PhoneLine]:
    """Phone rows (models or listing rows: number, extension, phone_type, description) as lines, without repeats."""
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


def _address(addresses, municipality: str) -> str:
    """The physical address (else the first one) as one line; the municipality when none is listed."""
    physical = [a for a in addresses if a.address_type == "physical"] or list(addresses)
    if not physical:
        return municipality
    a = physical[0]
    street = ", ".join(part for part in (a.address_1, a.address_2) if part)
    return f"{street}, {a.city} (Québec) {a.postal_code}".strip()


def _clock(value: datetime.time) -> str:
    """A time as the active language writes it ("9 h 00", "9 a.m."). A page lists a few hundred opening times,
    mostly the same dozen, and Django's formatter is slow: each distinct one is formatted once per language."""
    return _clock_in(value, translation.get_language())


@lru_cache(maxsize=2048)  # a pure function of (time, language): the same on every server
def _clock_in(value: datetime.time, language: str | None) -> str:
    return formats.time_format(value)


def _week(schedules, today_code: str) -> list[DayHours]:
    by_day: dict[str, list[str]] = {}
    for row in sorted(schedules, key=lambda s: (DAY_CODES.index(s.byday), s.opens_at)):
        text = f"{_clock(row.opens_at)} – {_clock(row.closes_at)}"
        if row.description:
            text = f"{text} ({row.description})"
        by_day.setdefault(row.byday, []).append(text)
    labels = dict(Schedule.Day.choices)
    return [
        DayHours(day=str(labels[code]), code=code, ranges=by_day[code], is_today=code == today_code)
        for code in DAY_CODES
        if code in by_day
    ]


def _languages(languages) -> list[str]:
    return list(dict.fromkeys(language.name for language in languages if language.name))


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
    """The card of a prefetched service point; with ``detailed`` (its own page), the service's hours and the
    organisation's phones too."""
    service, location = point.service, point.location
    schedules = list(location.schedules.all())
    phones = list(location.phones.all()) + list(service.phones.all())
    if detailed:  # prefetched for the page of one point only
        schedules += list(service.schedules.all())
        phones += list(service.organization.phones.all())
    card = _card(
        today,
        point_id=point.pk,
        latitude=point.latitude,
        longitude=point.longitude,
        organization_name=service.organization.name,
        service_name=service.name,
        organization_id=service.organization_id,
        is_sample=service.organization.is_sample,
        distance_km=distance_km,
        address=_address(location.addresses.all(), location.municipality.name),
        phones=phones,
        schedules=schedules,
        languages=_languages([*service.languages.all(), *location.languages.all()]),
        accessibility=[a.description for a in location.accessibility.all() if a.description],
        clienteles=[c.name for c in service.clienteles.all()],
        kinds=[k.name for k in service.kinds.all()],
        website=service.url or service.organization.website,
        assured_date=service.assured_date,
    )
    card.point = point
    return card


def opening_at(schedules, now: datetime.datetime) -> Opening | None:
    """Open now (until when), or the next opening within a week; None when no hours are listed."""
    return opening_in(week_ranges(schedules), now)


def week_ranges(schedules) -> tuple[tuple[int, datetime.time, datetime.time], ...]:
    """Opening hours as sorted (weekday index, opens, closes): what ``opening_in`` reads."""
    return tuple(sorted((DAY_CODES.index(row.byday), row.opens_at, row.closes_at) for row in schedules))


def opening_in(ranges: tuple[tuple[int, datetime.time, datetime.time], ...], now: datetime.datetime) -> Opening | None:
    """``opening_at`` from ``week_ranges``."""
    if not ranges:
        return None
    weekday, clock = now.weekday(), now.time()
    for day, opens, closes in ranges:
        if day == weekday and opens <= clock < closes:
            return Opening(True, _("Open now, until %(time)s") % {"time": _clock(closes)})
    labels = dict(Schedule.Day.choices)
    for ahead in range(8):
        day = (weekday + ahead) % 7
        for day_index, opens, _closes in ranges:
            if day_index != day or (ahead == 0 and opens <= clock):
                continue
            time = _clock(opens)
            if ahead == 0:
                text = _("Closed now · opens today at %(time)s") % {"time": time}
            elif ahead == 1:
                text = _("Closed now · opens tomorrow at %(time)s") % {"time": time}
            else:
                name = str(labels[DAY_CODES[day]])
                name = name.lower() if (translation.get_language() or "fr").startswith("fr") else name
                text = _("Closed now · opens %(day)s at %(time)s") % {"day": name, "time": time}
            return Opening(False, text)
    return None


def _card(today: datetime.date | None, *, phones, schedules, assured_date, **fields) -> Card:
    now = timezone.localtime()
    today = today or now.date()
    week = _week(schedules, DAY_CODES[today.weekday()])
    return Card(
        phones=_phones(phones),
        week=week,
        today=next((day for day in week if day.is_today), None),
        verification=verification_of(assured_date, today),
        opening=opening_at(schedules, now) if today == now.date() else None,
        **fields,
    )


def marker_for(card: Card) -> dict:
    """Map marker data (rendered with json_script; the map script writes it with textContent, never as HTML)."""
    return {
        "id": card.point_id,
        "lat": card.latitude,
        "lon": card.longitude,
        "title": card.organization_name,
        "subtitle": card.service_name,
        "url": card.url,
    }


def map_data(cards: list[Card], origin=None) -> dict:
    """What the map script draws: the points, and the searched place when there is one."""
    data: dict = {"points": [marker_for(card) for card in cards]}
    if origin is not None:
        data["origin"] = {"lat": origin.latitude, "lon": origin.longitude, "label": origin.label}
    return data


# --- Result cards: markup per data version and language, the request's parts written per request ------------------

_LIVE_META = "\x00live-meta\x00"
_LIVE_DECISION = "\x00live-decision\x00"


@dataclass(frozen=True)
class ResultStatic:
    """A result card without what the request changes: its markup around the live parts (``head``, ``middle``,
    ``tail``), and what the page, the map, the eligibility and the search event read. Made from the database only:
    kept per data version and language (speed/fragments.py)."""

    point_id: int
    latitude: float
    longitude: float
    organization_name: str
    service_name: str
    organization_id: int
    service_id: int
    region_code: str
    is_sample: bool
    url: str
    ranges: tuple[tuple[int, datetime.time, datetime.time], ...]
    head: str
    middle: str
    tail: str


@dataclass
class ResultCard:
    """A result as a page shows it: the kept markup, with the distance, "open now" and eligibility of this request."""

    static: ResultStatic
    distance_km: float | None = None
    opening: Opening | None = None
    decision: object | None = None  # eligibility.engine.Decision
    universal_decision: object | None = None

    point_id = property(lambda self: self.static.point_id)
    latitude = property(lambda self: self.static.latitude)
    longitude = property(lambda self: self.static.longitude)
    organization_name = property(lambda self: self.static.organization_name)
    service_name = property(lambda self: self.static.service_name)
    organization_id = property(lambda self: self.static.organization_id)
    is_sample = property(lambda self: self.static.is_sample)
    url = property(lambda self: self.static.url)

    @property
    def html(self) -> SafeString:
        static = self.static
        meta = live_meta(self.distance_km, self.opening)
        decision = live_decision(self.decision, self.universal_decision)
        return mark_safe(static.head + meta + static.middle + decision + static.tail)  # noqa: S308 - escaped parts


def result_statics(points: dict[int, ListingPoint], request=None) -> dict[int, ResultStatic]:
    """The kept part of each point's result card, in the active language: finder/_result.html kept with holes per
    card shape (speed/shells.py: one render per shape and data version, each card's own values written in), with
    markers where the live parts go."""
    made = {}
    for point in points.values():
        phones = _phones(point.location_phones + point.service_phones)
        phone = phones[0] if phones else None
        url = reverse("finder:service_point", args=[point.id])
        holes = {
            "point_id": point.id,
            "url": url,
            "organization_name": point.organization_name,
            "service_name": point.service_name,
            "phone_href": phone.href if phone else "",
            "phone_label": phone.label if phone else "",
            "clienteles": ", ".join(term.name for term in point.clienteles),
            "request_url": reverse("referrals:request_new", args=[point.id]),
        }
        context = {
            "is_sample": point.is_sample,
            "phone_kind": phone.kind if phone else "",
            "live_meta": mark_safe(_LIVE_META),  # noqa: S308 - markers, replaced below
            "live_decision": mark_safe(_LIVE_DECISION),  # noqa: S308
        }
        shape = (point.is_sample, context["phone_kind"], bool(holes["clienteles"]))
        html = render_shelled(request, "finder/_result.html", context, holes, shape, with_request=False)
        head, rest = html.split(_LIVE_META)
        middle, tail = rest.split(_LIVE_DECISION)
        made[point.id] = ResultStatic(
            point_id=point.id,
            latitude=point.latitude,
            longitude=point.longitude,
            organization_name=point.organization_name,
            service_name=point.service_name,
            organization_id=point.organization_id,
            service_id=point.service_id,
            region_code=point.region_code,
            is_sample=point.is_sample,
            url=url,
            ranges=week_ranges(point.schedules),
            head=head,
            middle=middle,
            tail=tail,
        )
    return made


@lru_cache(maxsize=8)  # a pure function of the language: the catalogues do not change while a process runs
def _live_texts(language: str | None) -> tuple[str, str, str]:
    return (
        _("%(distance)s km away"),
        escape(_("Hours not listed: call before you go")),
        str(formats.get_format("DECIMAL_SEPARATOR", language)),
    )


_TENTH = Decimal("0.1")


def distance_text(distance_km: float, separator: str) -> str:
    """``floatformat(distance_km, 1)`` without its per-call format lookups (about 40 µs a card): one decimal, rounded
    half up from the float's shortest decimal form, the language's decimal separator, no grouping (as the settings
    ask: USE_THOUSAND_SEPARATOR is off)."""
    return f"{Decimal(repr(float(distance_km))).quantize(_TENTH, ROUND_HALF_UP):f}".replace(".", separator)


def live_meta(distance_km: float | None, opening: Opening | None) -> str:
    """The distance and "open now" of a result card (escaped HTML)."""
    away, not_listed, separator = _live_texts(translation.get_language())
    distance = ""
    if distance_km is not None:
        text = away % {"distance": escape(distance_text(distance_km, separator))}
        distance = f'<span class="distance">{text}</span>'
    if opening is None:
        return distance + '\n    <span class="opening">' + not_listed + "</span>"
    state = ' class="opening is-open"' if opening.is_open else ' class="opening"'
    return f"{distance}\n    <span{state}>{escape(opening.text)}</span>"


def live_decision(decision, universal) -> str:
    """A result card's eligibility status under today's rules (and under universal access), or nothing."""
    if not decision:
        return ""
    from eligibility.templatetags.eligibility_tags import status_label

    compare = ""
    if universal and decision.status != "eligible":
        text = _("Under universal access: %(status)s") % {"status": escape(status_label(universal.status))}
        compare = f'<span class="hint universal-compare"> · {text}</span>'
    return format_html(
        '<p class="decision-status status-{}"><strong>{}</strong>{}</p>',
        decision.status,
        status_label(decision.status),
        mark_safe(compare),  # noqa: S308 - escaped above
    )
