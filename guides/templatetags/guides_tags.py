"""Template tags other apps use to show guides: the home page's questions, the finder's related guides."""

from django import template
from django.db.models import Prefetch

from directory.models import Clientele
from guides.models import Guide
from guides.orientation import WhereToStartForm

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
    slugs = {getattr(item, "slug", item) for item in (clienteles or []) if item}
    slugs = {slug for slug in slugs if isinstance(slug, str)}
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


@register.filter
def markdown(text: str):
    """Sanitised HTML of a Markdown text (see guides.markup)."""
    from guides.markup import render_markdown

    return render_markdown(text)
