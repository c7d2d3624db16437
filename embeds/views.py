"""The embedded finder (pages meant for partners' iframes) and the staff page that writes the snippet.

The frame pages may be framed by any site (``frame-ancestors *``, no X-Frame-Options); every other page of the site
keeps ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` (tests/test_framing.py walks the URL resolver). They set
no cookie (a GET form: no CSRF token; no session, no language cookie) and work without JavaScript; frame.js only
tells the partner's page its height.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from accounts.access import managed_organization_ids, verified_required
from directory.models import Organization
from finder.results import resolve_origin
from finder.tracking import search_event_record
from geography.models import Region

from .forms import SnippetForm
from .options import EmbedOptions, options_from, query_params
from .search import embed_results, finder_form

RESIZE_SCRIPT = (Path(__file__).parent / "static" / "embeds" / "resize.js").read_bytes()
SCRIPT_MAX_AGE = 24 * 3600  # partners' pages pick up a new version within a day (/static/ is cached for a year)
FRAME_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"], "form-action": [CSP.SELF]}
FRAME_HEIGHT = 560  # the snippet's starting height, before frame.js reports the real one


def framable(view):
    """The embed pages: any site may frame them; the CSP is otherwise the site's."""
    return require_safe(xframe_options_exempt(csp_override(FRAME_CSP)(view)))


def _scope(options: EmbedOptions) -> str:
    """The restriction, in words, for the frame's heading ("" when there is none)."""
    if options.organization:
        return Organization.objects.filter(slug=options.organization).values_list("name", flat=True).first() or ""
    if options.region:
        return Region.objects.filter(code=options.region).values_list("name", flat=True).first() or ""
    return ""


def _context(request: HttpRequest, options: EmbedOptions, **extra) -> dict:
    return {"options": options, "hidden": query_params(options), "scope": _scope(options), **extra}


@framable
def finder(request: HttpRequest) -> HttpResponse:
    options = options_from(request.GET)
    return render(request, "embeds/finder.html", _context(request, options))


@framable
def results(request: HttpRequest) -> HttpResponse:
    options = options_from(request.GET)
    where = request.GET.get("where", "")
    form = finder_form(where, options)
    context = _context(request, options, where=where[:200], form=form)
    if not form.is_valid():
        return render(request, "embeds/finder.html", context, status=400)
    resolution = resolve_origin(form)
    if not resolution.ok:
        context["resolution"] = resolution
        context["suggestion_links"] = [
            (name, "?" + urlencode({**query_params(options), "where": name})) for name in resolution.suggestions
        ]
        return render(request, "embeds/finder.html", context, status=400)
    found = embed_results(form, resolution.origin, options)
    search_event_record(request, found)
    context["results"] = found
    full = {"where": where, **options.finder_params(), "via": "embed"}
    context["full_url"] = reverse("finder:search") + "?" + urlencode(full)
    return render(request, "embeds/finder.html", context)


@require_safe
@cache_control(public=True, max_age=SCRIPT_MAX_AGE)
def resize_script(request: HttpRequest) -> HttpResponse:
    """The partners' resize script at an address that never changes (static files carry a hash in production)."""
    return HttpResponse(RESIZE_SCRIPT, content_type="text/javascript; charset=utf-8")


def _can_embed(user) -> bool:
    return user.is_network_admin or bool(managed_organization_ids(user))


def snippet_for(options: EmbedOptions, language: str) -> tuple[str, str]:
    """(the frame's address on this site, the HTML a partner pastes)."""
    with translation.override(language):
        path = reverse("embeds:finder")
    query = urlencode(query_params(options))
    frame_path = f"{path}?{query}" if query else path
    site = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        title = escape(translation.gettext("Find a public employment centre (Trouve ton X)"))
    script = site + reverse("embed_script")  # a stable address: snippets outlive deployments
    code = (
        f'<iframe src="{site}{frame_path}" title="{title}" width="100%" height="{FRAME_HEIGHT}" loading="lazy"'
        f' data-trouve-embed></iframe>\n<script src="{script}" async></script>'
    )
    return frame_path, code


@verified_required(_can_embed)
def snippet(request: HttpRequest) -> HttpResponse:
    """Staff: choose the options, see the frame as partners will, copy the snippet (GET form, nothing stored)."""
    user = request.user
    organizations = None
    if not user.is_network_admin:
        organizations = list(
            Organization.objects.filter(pk__in=managed_organization_ids(user)).order_by("name").values_list(
                "slug", "name")
        )  # fmt: skip
    form = SnippetForm(request.GET or None, organizations=organizations)
    context = {"form": form, "height": FRAME_HEIGHT, "resize_script": static("embeds/resize.js")}
    if form.is_bound and form.is_valid():
        context["preview_url"], context["code"] = snippet_for(form.options(), form.cleaned_data["language"])
    return render(request, "embeds/snippet.html", context)
