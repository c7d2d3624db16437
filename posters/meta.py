"""Pages that travel: what a social network or a messaging app shows when someone shares a page of the site
(Open Graph and Twitter card tags), and the preview image's text for each kind of page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from directory.models import Organization, ServiceAtLocation
from geography.models import Region
from lib.links import path_without_source

from .files import preview_digest
from .preview import HEIGHT, WIDTH, PreviewText

OG_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def _site() -> str:
    return "Trouve ton X · " + settings.SITE_URL.split("://", 1)[-1].rstrip("/")


def site_preview(language: str) -> PreviewText:
    with translation.override(language):
        return PreviewText(
            title=_("Find a public employment centre near you"),
            subtitle=_("Anywhere in Québec: addresses, hours, phone numbers and who can be served."),
            free=_("Free"),
            site=_site(),
        )


def point_preview(point: ServiceAtLocation, language: str) -> PreviewText:
    """``point`` with its service, organisation, location and region loaded."""
    with translation.override(language):
        service = point.service
        place = point.location.name or service.name
        return PreviewText(
            title=service.organization.name,
            subtitle=f"{service.name} · {place} · {point.region.name}"
            if place != service.name
            else f"{service.name} · {point.region.name}",
            free=_("Free"),
            site=_site(),
        )


def organization_preview(organization: Organization, language: str) -> PreviewText:
    with translation.override(language):
        return PreviewText(
            title=organization.name, subtitle=_("Public employment services"), free=_("Free"), site=_site()
        )


def region_preview(region: Region, language: str) -> PreviewText:
    with translation.override(language):
        return PreviewText(title=region.name, subtitle=_("Public employment centres"), free=_("Free"), site=_site())


def preview_for(kind: str, key: str, language: str) -> PreviewText | None:
    """The preview of a page from its kind and key, or None when there is no such page."""
    if kind == "site":
        return site_preview(language) if key == "site" else None
    if kind == "point":
        point = (
            ServiceAtLocation.objects.select_related("service__organization", "location", "region")
            .filter(pk=int(key))
            .first()
            if key.isdigit()
            else None
        )
        return point_preview(point, language) if point else None
    if kind == "organization":
        organization = Organization.objects.filter(slug=key).first()
        return organization_preview(organization, language) if organization else None
    if kind == "region":
        region = Region.objects.filter(code=key).first()
        return region_preview(region, language) if region else None
    return None


def page_meta(
    request, *, title: str, description: str, kind: str, key: str, text: PreviewText, canonical: bool = True
) -> dict:
    """The tags' values for a page (posters/_meta_tags.html). A page of one thing (a centre, an organisation, a
    region) is canonical without its query; any other page is shared with its query (a search's results), less
    where the visit came from, and says nothing about its canonical form."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    site = settings.SITE_URL.rstrip("/")
    image = reverse("posters:preview", args=[kind, key]) + "?v=" + preview_digest(text)
    other = [code for code in OG_LOCALES if code != language]
    return {
        "title": title,
        "description": description,
        "url": site + (request.path if canonical else path_without_source(request)),
        "canonical": canonical,
        "image": site + image,
        "image_width": WIDTH,
        "image_height": HEIGHT,
        "image_alt": f"{text.title} — {text.subtitle} — {text.free}",
        "locale": OG_LOCALES.get(language, "fr_CA"),
        "alternate_locales": [OG_LOCALES[code] for code in other],
    }


def site_meta(request) -> dict:
    """The tags of a page without its own preview: the site's title, description and image, the page's address."""
    return page_meta(
        request,
        title=_("Trouve ton X — find a public employment centre"),
        description=_("Find the nearest public employment centre that can help you, for free, anywhere in Québec."),
        kind="site",
        key="site",
        text=site_preview(translation.get_language()),
        canonical=False,
    )
