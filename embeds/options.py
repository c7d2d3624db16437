"""What a partner's snippet may choose: a clientèle preset, a region or one organisation, a colour theme by name.

Options travel in the frame's address (GET parameters) and are read leniently on the public pages: anything unknown is
dropped, never echoed, never an error (a partner's typo must not break their page). The staff page validates strictly
(embeds/forms.py). Colours are a small palette of named themes whose contrasts meet WCAG 2.2 AA (embeds.css); no
colour value or CSS ever comes from the address.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from finder.forms import AGE_CLIENTELES, SITUATIONS
from insights.visits import clean_host

THEMES = {
    "blue": _("Blue"),
    "green": _("Green"),
    "purple": _("Purple"),
    "charcoal": _("Charcoal"),
}
DEFAULT_THEME = "blue"
# A preset clientèle (taxonomy slug) and the finder's form field and value that ask for it.
PRESETS: dict[str, tuple[str, str]] = {
    **{slug: ("age", value) for value, slug in AGE_CLIENTELES.items()},
    **{slug: ("situation", value) for value, _label, slug in SITUATIONS},
}
_REGION = re.compile(r"^(0[1-9]|1[0-7])$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class EmbedOptions:
    host: str = ""
    clientele: str = ""
    region: str = ""
    organization: str = ""  # an organisation's slug
    theme: str = DEFAULT_THEME

    def params(self) -> dict[str, str]:
        """The options that differ from the defaults, for the frame's address and its form's hidden fields."""
        values = asdict(self)
        if values["theme"] == DEFAULT_THEME:
            values["theme"] = ""
        return {name: value for name, value in values.items() if value}

    def finder_params(self) -> dict[str, str]:
        """The full finder's parameters for the same clientèle (for "all results on the site")."""
        if self.clientele in PRESETS:
            field, value = PRESETS[self.clientele]
            return {field: value}
        return {}


def options_from(params: QueryDict) -> EmbedOptions:
    region = params.get("region", "")
    organization = params.get("org", "")
    theme = params.get("theme", "")
    return EmbedOptions(
        host=clean_host(params.get("host", "")),
        clientele=params.get("clientele", "") if params.get("clientele", "") in PRESETS else "",
        region=region if _REGION.match(region) else "",
        organization=organization if len(organization) <= 80 and _SLUG.match(organization) else "",
        theme=theme if theme in THEMES else DEFAULT_THEME,
    )


def query_params(options: EmbedOptions) -> dict[str, str]:
    """The options as the frame's address writes them (``org`` for the organisation)."""
    params = options.params()
    if "organization" in params:
        params["org"] = params.pop("organization")
    return params
