"""Where a visit came from, as the links we print and share carry it (contract of issue 16 with the figures).

``via`` is one of poster, card or share; ``campaign`` a slug staff choose for a batch of posters. The figures
(insights) count them; this module only produces them. Page URLs without these parameters stay the canonical ones.
"""

from urllib.parse import urlencode

from django.conf import settings

from lib.links import campaign_tag

DEFAULT_CAMPAIGN = "poster"
VIA_POSTER, VIA_CARD, VIA_SHARE = "poster", "card", "share"


class CampaignError(ValueError):
    """A campaign tag that is not a slug of 1 to 40 lower-case letters, digits or hyphens."""


def campaign_clean(raw: str | None) -> str:
    """The campaign tag from a query string: empty gives the default, anything but a slug raises CampaignError."""
    value = (raw or "").strip()
    if not value:
        return DEFAULT_CAMPAIGN
    if not campaign_tag(value):
        raise CampaignError(value)
    return value


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def tracked_url(path: str, *, via: str, campaign: str | None = None) -> str:
    """An absolute URL of the site carrying where the visit comes from."""
    params = {"via": via}
    if campaign:
        params["campaign"] = campaign
    return site_url(path) + "?" + urlencode(params)
