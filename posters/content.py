"""What a poster, a card or a link preview says about a service point, an organisation or a region, per language.

Read once from the directory and kept as plain frozen data: the PDF and PNG makers draw it without touching the
database, and its digest names the cached files (a change to anything printed gives a new file, nothing stale).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from directory.models import Organization, ServiceAtLocation
from directory.queries import service_point_detail_queryset, service_points_for_listing
from finder.cards import Card, card_for, format_phone
from geography.models import Region

LANGUAGES = ("fr", "en")
ABOUT_CHARS = 320
# A letter page holds about this many centres in large type; the rest are behind the QR code.
MAX_ROWS = 20


@dataclass(frozen=True)
class Row:
    """One centre in the list of an organisation or a region."""

    municipality: str
    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class Sheet:
    """What is printed about one subject in one language."""

    language: str
    title: str
    subtitle: str
    about: str
    region: str
    page_path: str
    clienteles: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    address: str = ""
    hours: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ("Lundi", ("9 h 00 – 12 h 00", "13 h 00 – 16 h 00"))
    website: str = ""
    rows: tuple[Row, ...] = ()
    more: int = 0  # centres not listed (beyond MAX_ROWS)
    is_sample: bool = False


@dataclass(frozen=True)
class Subject:
    """A service point, an organisation or a region, with its sheet in each language."""

    kind: str  # "point", "organization", "region"
    key: str  # pk, slug or region code
    sheets: dict[str, Sheet] = field(hash=False)
    share_code: str = ""

    def digest(self) -> str:
        """Changes whenever anything printed changes (names, phones, hours, the page's path)."""
        text = repr((self.kind, self.key, sorted(self.sheets.items())))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def plain_about(*candidates: str) -> str:
    """The first description given, cut at a word near ABOUT_CHARS."""
    text = next((" ".join(c.split()) for c in candidates if c and c.strip()), "")
    return Truncator(text).chars(ABOUT_CHARS)


def _voice_phones(card: Card) -> tuple[str, ...]:
    lines = []
    for phone in card.phones:
        if phone.kind == "fax":
            continue
        label = phone.label
        if phone.kind == "tty":
            label = _("%(number)s (TTY)") % {"number": label}
        elif phone.kind == "text":
            label = _("%(number)s (text message)") % {"number": label}
        lines.append(label)
    return tuple(lines[:3])


def _each_language(make: Callable[[str], Sheet]) -> dict[str, Sheet]:
    sheets = {}
    for language in LANGUAGES:
        with translation.override(language):
            sheets[language] = make(language)
    return sheets


def point_subject(pk: int) -> Subject | None:
    """A service point that is offered (active, active service), or None."""
    point = service_point_detail_queryset().filter(pk=pk, is_active=True, service__status="active").first()
    if point is None:
        return None
    from .share import share_code

    def make(language: str) -> Sheet:
        card = card_for(point, detailed=True)
        service, location, organization = point.service, point.location, point.service.organization
        subtitle = service.name if not location.name else f"{service.name} — {location.name}"
        return Sheet(
            language=language,
            title=organization.name,
            subtitle=subtitle,
            about=plain_about(point.description, service.description, organization.description),
            region=point.region.name,
            page_path=reverse("finder:service_point", args=[point.pk]),
            clienteles=tuple(card.clienteles),
            kinds=tuple(card.kinds),
            phones=_voice_phones(card),
            address=card.address,
            hours=tuple((day.day[:1].upper() + day.day[1:], tuple(day.ranges)) for day in card.week),
            website=card.website,
            is_sample=card.is_sample,
        )

    return Subject("point", str(point.pk), _each_language(make), share_code=share_code(point.uuid))


def _rows(points: list[ServiceAtLocation]) -> list[Row]:
    """One row per organisation and municipality (its several services or offices there are one call away), in
    the active language: one short line each, so that a poster lists many in large type."""
    rows, seen = [], set()
    for point in points:
        place = (point.service.organization_id, point.location.municipality_id)
        if place in seen:
            continue
        seen.add(place)
        card = card_for(point)
        phones = _voice_phones(card)
        name = point.service.organization.name
        rows.append(
            Row(
                municipality=point.location.municipality.name,
                name=name,
                address=card.address,
                phone=phones[0] if phones else "",
            )
        )
    return rows


def organization_subject(slug: str) -> Subject | None:
    organization = Organization.objects.filter(slug=slug).prefetch_related("phones").first()
    if organization is None:
        return None
    points = list(
        service_points_for_listing()
        .filter(service__organization=organization)
        .order_by("location__municipality__name", "location__name", "pk")
    )

    def make(language: str) -> Sheet:
        rows = _rows(points)
        phones = [
            line.label for phone in organization.phones.all() if (line := format_phone(phone.number, phone.extension))
        ]
        if not phones:
            phones = [row.phone for row in rows if row.phone][:1]
        regions = sorted({point.region.name for point in points})
        return Sheet(
            language=language,
            title=organization.name,
            subtitle=_("Public employment services"),
            about=plain_about(organization.description),
            region=", ".join(regions),
            page_path=organization.get_absolute_url(),
            phones=tuple(phones[:3]),
            website=organization.website,
            rows=tuple(rows[:MAX_ROWS]),
            more=max(0, len(rows) - MAX_ROWS),
            is_sample=organization.is_sample,
        )

    return Subject("organization", organization.slug, _each_language(make))


def region_points(code: str):
    """The region's offered service points, alphabetical by municipality, then organisation."""
    return (
        service_points_for_listing()
        .filter(region_id=code)
        .order_by("location__municipality__name", "service__organization__name", "location__name", "pk")
    )


def region_subject(code: str) -> Subject | None:
    region = Region.objects.filter(code=code).first()
    if region is None:
        return None
    # Enough points for MAX_ROWS places, with room for places that offer several services.
    points = list(region_points(code)[: MAX_ROWS * 4])
    total_places = (
        region_points(code)
        .order_by()
        .values("service__organization_id", "location__municipality_id")
        .distinct()
        .count()
    )

    def make(language: str) -> Sheet:
        rows = _rows(points)[:MAX_ROWS]
        return Sheet(
            language=language,
            title=region.name,
            subtitle=_("Public employment centres"),
            about=_(
                "Help to find a job, change careers or keep your job, near you. These services are free and open "
                "to everyone: call the centre nearest to you."
            ),
            region=region.name,
            page_path=reverse("finder:region", args=[region.code]),
            rows=tuple(rows),
            more=max(0, total_places - len(rows)),
            is_sample=any(point.service.organization.is_sample for point in points),
        )

    return Subject("region", region.code, _each_language(make))


SUBJECTS: dict[str, Callable[[str], Subject | None]] = {
    "point": lambda key: point_subject(int(key)) if key.isdigit() else None,
    "organization": organization_subject,
    "region": region_subject,
}


def subject_get(kind: str, key: str) -> Subject | None:
    finder = SUBJECTS.get(kind)
    return finder(key) if finder else None
