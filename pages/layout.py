"""What the site's layout (templates/base.html) prints that changes with the page's address: its language links,
its link-preview address and the "come back here" address of the eligibility panel. A page kept with holes
(speed/shells.py) takes them as holes, since only the address changes them on a page anyone may be served."""

from collections.abc import Mapping
from urllib.parse import quote

from django.conf import settings

from lib.links import path_without_source
from posters.meta import site_meta

from .context_processors import language_links


def page_holes(request) -> dict[str, object]:
    """The layout's address-dependent values for ``request``, named as holes."""
    holes: dict[str, object] = {f"language_url_{link['code']}": link["url"] for link in language_links(request)}
    holes["preview_url"] = settings.SITE_URL.rstrip("/") + path_without_source(request)
    holes["profile_panel_next_query"] = quote(request.get_full_path(), safe="/")
    return holes


def page_context(request, holes: Mapping[str, object]) -> dict[str, object]:
    """The context entries the layout reads, built from ``holes`` (their values, or their markers)."""
    meta = site_meta(request)
    return {
        "language_links": language_links(
            request, {code: holes[f"language_url_{code}"] for code, _name in settings.LANGUAGES}
        ),
        "page_meta": {**meta, "url": holes["preview_url"]},
        "profile_panel_next_query": holes["profile_panel_next_query"],
    }
