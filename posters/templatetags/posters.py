from django import template

from posters.meta import site_meta

register = template.Library()


@register.inclusion_tag("posters/_meta_tags.html", takes_context=True)
def link_preview(context) -> dict:
    """Open Graph and Twitter card tags: the page's own (``page_meta`` in its context), else the site's."""
    meta = context.get("page_meta")
    request = context.get("request")
    if meta is None and request is not None:
        meta = site_meta(request)
    return {"meta": meta}
