"""schema.org data (JSON-LD) for the organisation and service point pages, so search engines can point people there.

A ``<script type="application/ld+json">`` block is data, not code: browsers never run it, so the strict CSP allows it.
"""

import json

from django.utils.safestring import SafeString, mark_safe

from .cards import Card

# Same escapes as Django's json_script: the JSON can never close the <script> element or open a comment.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_DAY_URLS = {
    "MO": "https://schema.org/Monday",
    "TU": "https://schema.org/Tuesday",
    "WE": "https://schema.org/Wednesday",
    "TH": "https://schema.org/Thursday",
    "FR": "https://schema.org/Friday",
    "SA": "https://schema.org/Saturday",
    "SU": "https://schema.org/Sunday",
}


def json_ld(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_ESCAPES))  # noqa: S308


def _postal_address(card: Card) -> dict | None:
    addresses = list(card.location.addresses.all())
    if not addresses:
        return None
    a = next((row for row in addresses if row.address_type == "physical"), addresses[0])
    return {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(part for part in (a.address_1, a.address_2) if part),
        "addressLocality": a.city,
        "addressRegion": a.state_province,
        "postalCode": a.postal_code,
        "addressCountry": a.country,
    }


def _place(card: Card, site_url: str) -> dict:
    place = {
        "@type": "Place",
        "name": card.location.name,
        "geo": {"@type": "GeoCoordinates", "latitude": card.point.latitude, "longitude": card.point.longitude},
    }
    if address := _postal_address(card):
        place["address"] = address
    hours = []
    for row in card.location.schedules.all():
        hours.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": _DAY_URLS[row.byday],
                "opens": row.opens_at.strftime("%H:%M"),
                "closes": row.closes_at.strftime("%H:%M"),
            }
        )
    if hours:
        place["openingHoursSpecification"] = hours
    if card.phones:
        place["telephone"] = card.phones[0].href.removeprefix("tel:")
    return place


def organization_data(organization, cards: list[Card], site_url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NGO",
        "name": organization.name,
        "url": site_url + organization.get_absolute_url(),
        "description": organization.description,
        "location": [_place(card, site_url) for card in _one_per_location(cards)],
    }
    if organization.website:
        data["sameAs"] = [organization.website]
    if organization.email:
        data["email"] = organization.email
    return data


def service_point_data(card: Card, site_url: str) -> dict:
    organization = card.organization
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": card.service.name,
        "description": card.point.description or card.service.description,
        "url": site_url + card.url,
        "provider": {
            "@type": "NGO",
            "name": organization.name,
            "url": site_url + organization.get_absolute_url(),
        },
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceLocation": _place(card, site_url),
            "availableLanguage": card.languages,
        },
        "areaServed": {"@type": "AdministrativeArea", "name": card.point.region.name},
    }
    if card.clienteles:
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in card.clienteles]
    if card.phones:
        data["availableChannel"]["servicePhone"] = {
            "@type": "ContactPoint",
            "telephone": card.phones[0].href.removeprefix("tel:"),
        }
    return data


def _one_per_location(cards: list[Card]) -> list[Card]:
    seen, unique = set(), []
    for card in cards:
        if card.location.pk not in seen:
            seen.add(card.location.pk)
            unique.append(card)
    return unique
