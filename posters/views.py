"""Printable posters and cards, link preview images and short share links: thin views over posters/*."""

import re

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .campaign import CampaignError, campaign_clean
from .content import SUBJECTS, subject_get
from .files import FORMATS, POSTER_LANGUAGES, poster_file, preview_digest, preview_file
from .forms import CampaignForm
from .meta import preview_for
from .share import point_for_code

KEY = re.compile(r"[A-Za-z0-9_-]{1,80}")
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=3600"


def problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "posters/problem.html", {"message": message, "status": status}, status=status)


def _not_found(request: HttpRequest) -> HttpResponse:
    return problem(request, _("There is no such centre, organisation or region: it may have been removed."), 404)


@require_safe
def choose(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The downloads of a subject's posters and cards, with the optional campaign tag (a GET form)."""
    subject = subject_get(kind, key)
    if subject is None:
        return _not_found(request)
    form = CampaignForm(request.GET or None)
    campaign = ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            campaign = form.cleaned_data["campaign"]
        else:
            status = 400
    query = f"?campaign={campaign}" if campaign else ""
    names = {"fr": _("French"), "en": _("English"), "both": _("French and English")}
    downloads = [
        {
            "format": fmt,
            "links": [
                (names[language], reverse("posters:file", args=[kind, key, fmt, language]) + query, language)
                for language in POSTER_LANGUAGES
            ],
        }
        for fmt in FORMATS
    ]
    language = translation.get_language()
    context = {"subject": subject, "sheet": subject.sheets[language], "form": form, "downloads": downloads}
    return render(request, "posters/choose.html", context, status=status)


@require_safe
def poster(request: HttpRequest, kind: str, key: str, fmt: str, language: str) -> HttpResponse:
    if fmt not in FORMATS or language not in POSTER_LANGUAGES:
        return problem(
            request, _("This poster does not exist: choose a poster or a card sheet in French, English or both."), 404
        )
    try:
        campaign = campaign_clean(request.GET.get("campaign"))
    except CampaignError:
        return problem(
            request, _("The campaign tag may only hold lower-case letters, digits and hyphens (at most 40)."), 400
        )
    if kind not in SUBJECTS or not KEY.fullmatch(key):  # before the key names anything in the cache
        return _not_found(request)
    data = poster_file(kind, key, fmt, language, campaign)
    if data is None:
        return _not_found(request)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{'poster' if fmt == 'poster' else 'cards'}-{kind}-{key}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = SHORT_CACHE
    return response


@require_safe
def preview(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The page's link preview (1200×630 PNG); immutable when asked for by its digest, as the pages link it."""
    language = translation.get_language()
    text = preview_for(kind, key, language)
    if text is None:
        return _not_found(request)
    response = HttpResponse(preview_file(kind, key, language, text), content_type="image/png")
    response["Cache-Control"] = LONG_CACHE if request.GET.get("v") == preview_digest(text) else SHORT_CACHE
    return response


@require_safe
def share(request: HttpRequest, code: str) -> HttpResponse:
    """/c/<code>: the service point's page in the person's language (browser or chosen language), via=share."""
    point = point_for_code(code)
    if point is None:
        return problem(
            request, _("This share link does not lead to any centre. Check it, or search for a centre."), 404
        )
    return HttpResponseRedirect(reverse("finder:service_point", args=[point.pk]) + "?via=share")
