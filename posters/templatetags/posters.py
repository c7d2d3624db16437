from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from posters.meta import page_meta, site_preview

register = template.Library()


@register.inclusion_tag("posters/_meta_tags.html", takes_context=True)
def link_preview(context) -> dict:
    """Open Graph and Twitter card tags: the page's own (``page_meta`` in its context), else the site's."""
    meta = context.get("page_meta")
    request = context.get("request")
    if meta is None and request is not None:
        meta = page_meta(
            request,
            title=_("Trouve ton X — find a public employment centre"),
            description=_("Find the nearest public employment centre that can help you, for free, anywhere in Québec."),
            kind="site",
            key="site",
            text=site_preview(translation.get_language()),
            canonical=False,
        )
    return {"meta": meta}
