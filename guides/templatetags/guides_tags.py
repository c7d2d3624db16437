"""Template tags other apps use to show guides: the home page's questions, the finder's related guides."""

from django import template
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from directory.models import Clientele
from guides.models import Guide
from guides.orientation import WhereToStartForm
from speed.fragments import fragments

register = template.Library()
MAX_RELATED = 3


@register.simple_tag
def where_to_start_form() -> WhereToStartForm:
    return WhereToStartForm()


@register.simple_tag
def guides_for_clienteles(clienteles, limit: int = MAX_RELATED) -> list[Guide]:
    """Published guides for any of ``clienteles`` (slugs, or objects with a ``slug``).

    Guides sharing more of these clientèles come first, then the more specific ones (fewer clientèles in all),
    then the editorial order. Two queries, whatever the number of guides.
    """
    slugs = _slugs(clienteles)
    if not slugs:
        return []
    guides = (
        Guide.objects.published()
        .filter(clienteles__slug__in=slugs)
        .distinct()
        .prefetch_related(Prefetch("clienteles", queryset=Clientele.objects.only("slug")))
    )

    def specificity(guide: Guide) -> tuple[int, int, int, str]:
        own = {c.slug for c in guide.clienteles.all()}
        return (-len(own & slugs), len(own), guide.position, guide.slug)

    return sorted(guides, key=specificity)[:limit]


def _slugs(clienteles) -> set[str]:
    slugs = {getattr(item, "slug", item) for item in (clienteles or []) if item}
    return {slug for slug in slugs if isinstance(slug, str)}


@register.simple_tag(takes_context=True)
def related_guides(context, clienteles, heading_level: int = 2) -> SafeString:
    """The box of guides/_related.html for ``clienteles``, kept as a fragment per data version and language
    (speed/fragments.py): the results page renders it from there, without its two queries."""
    slugs = sorted(_slugs(clienteles))
    key = f"{','.join(slugs)}|{heading_level}"

    def make(_keys: list[str]) -> dict[str, str]:
        html = render_to_string("guides/_related.html", {"clienteles": slugs, "heading_level": heading_level})
        return {key: html}

    html = fragments(context.get("request"), "related-guides", get_language() or "fr", [key], make)[key]
    return mark_safe(html)  # noqa: S308 - rendered by the template engine


@register.filter
def markdown(text: str):
    """Sanitised HTML of a Markdown text (see guides.markup)."""
    from guides.markup import render_markdown

    return render_markdown(text)
