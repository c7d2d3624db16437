"""Public and staff views of the guides app: thin, the logic lives in search.py, orientation.py and editing.py."""

from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from finder.forms import search_params
from insights.record import guide_read_record
from speed.events import record_later

from .editing import translation_state
from .models import Guide
from .orientation import WhereToStartForm, recommend
from .search import guides_matching, rank

MAX_QUERY_LENGTH = 200
# A guide for "everyone" says nothing useful in its "especially useful for" list.
UNLISTED_CLIENTELES = ("general-public",)


def _language() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


@require_safe
def guide_index(request: HttpRequest) -> HttpResponse:
    """All published guides, or the ones matching ?q= (the search form is on the same page)."""
    query = request.GET.get("q", "").strip()
    guides = Guide.objects.published()
    error = ""
    if len(query) > MAX_QUERY_LENGTH:
        error, query = "too_long", ""
    if query:
        found = rank(list(guides_matching(guides, query, _language())), query, _language())
    else:
        found = list(guides)
    return render(request, "guides/index.html", {"guides": found, "query": query, "error": error})


def _render_guide(request: HttpRequest, guide: Guide, *, preview: bool) -> HttpResponse:
    language = _language()
    related = guide.related.published() if not preview else guide.related.all()
    with translation.override(guide.source_language):
        original_url = reverse("guides:preview" if preview else "guides:detail", args=[guide.slug])
    context = {
        "guide": guide,
        "preview": preview,
        "state": translation_state(guide, language),
        "source_language": guide.source_language,
        "original_url": original_url,
        "related_guides": related.order_by("position", "slug"),
        "clienteles": guide.clienteles.exclude(slug__in=UNLISTED_CLIENTELES),
        "finder_url": finder_url(search_params(guide.finder_query)),
    }
    response = render(request, "guides/detail.html", context)
    if preview:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    record_later(guide_read_record, request, guide_slug=guide.slug, language=(get_language() or "fr")[:2])
    return _render_guide(request, guide, preview=False)


@require_safe
@staff_member_required
def guide_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """A guide as it will look once published, draft or not; staff who may edit guides only."""
    if not request.user.has_perm("guides.change_guide"):
        raise PermissionDenied
    guide = get_object_or_404(Guide, slug=slug)
    return _render_guide(request, guide, preview=True)


@require_safe
def where_to_start(request: HttpRequest) -> HttpResponse:
    """The three questions: the answers point to guides, or straight to a pre-filled finder search."""
    form = WhereToStartForm(request.GET or None)
    if not form.is_valid():
        return render(request, "guides/start.html", {"form": form})
    advice = recommend(**form.cleaned_data)
    search_url = finder_url(list(advice.finder_params.items()))
    if advice.go_to_finder:
        return redirect(search_url)
    by_slug = {g.slug: g for g in Guide.objects.published().filter(slug__in=advice.guide_slugs)}
    guides = [by_slug[slug] for slug in advice.guide_slugs if slug in by_slug]
    if not guides:  # none of the suggested guides is published: the finder still helps
        return redirect(search_url)
    return render(request, "guides/start.html", {"form": form, "guides": guides, "finder_url": search_url})


def finder_url(params: list[tuple[str, str]]) -> str:
    return reverse("finder:search") + (f"?{urlencode(params)}" if params else "")
