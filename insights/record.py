"""Recording anonymous events. Callers pass already-resolved, coarse facts; nothing typed by a person gets in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from django.http import HttpRequest
from django.utils import timezone

from .models import GuideReadEvent, SearchEvent, SearchImpression

_FSA = re.compile(r"^[GHJ][0-9][A-Z]$")
_SLUG = re.compile(r"^[a-z0-9-]{1,40}$")


def tracking_refused(request: HttpRequest) -> bool:
    """Do-Not-Track or Global Privacy Control: record nothing."""
    return request.headers.get("DNT") == "1" or request.headers.get("Sec-GPC") == "1"


def clean_fsa(value: str | None) -> str:
    """Keep at most an FSA (three characters); anything else, including a full postal code's tail, is dropped."""
    candidate = (value or "").replace(" ", "").upper()[:3]
    return candidate if _FSA.match(candidate) else ""


def clean_slugs(values: Iterable[str]) -> str:
    return ",".join(sorted({v for v in values if isinstance(v, str) and _SLUG.match(v)}))[:400]


def search_record(
    request: HttpRequest,
    *,
    region_code: str,
    fsa: str | None,
    precision: str,
    clienteles: Iterable[str],
    organization_ids: Iterable[int],
    today_counts: Mapping[str, int] | None = None,
    universal_eligible: int = 0,
    day: date | None = None,
) -> SearchEvent | None:
    """Record one search (no-op when the visitor refuses tracking). ``today_counts`` maps status -> count."""
    if tracking_refused(request):
        return None
    counts = today_counts or {}
    org_ids = sorted(set(organization_ids))
    eligible_today = int(counts.get("eligible", 0))
    event = SearchEvent.objects.create(
        day=day or timezone.localdate(),
        region_code=region_code if re.fullmatch(r"\d\d", region_code or "") else "",
        fsa=clean_fsa(fsa),
        precision=precision[:16] if precision in {"postal_code", "fsa", "municipality", "coordinates"} else "",
        clienteles=clean_slugs(clienteles),
        result_count=min(len(org_ids), 32767),
        eligible_today=eligible_today,
        to_confirm_today=int(counts.get("to_confirm", 0)),
        not_eligible_today=int(counts.get("not_eligible", 0)),
        eligible_universal=universal_eligible,
        unmet=bool(today_counts is not None and eligible_today == 0 and counts.get("to_confirm", 0) == 0
                   and universal_eligible > 0),
    )
    SearchImpression.objects.bulk_create(
        [SearchImpression(event=event, organization_id=org_id, day=event.day) for org_id in org_ids]
    )
    return event


def guide_read_record(request: HttpRequest, *, guide_slug: str, language: str) -> GuideReadEvent | None:
    if tracking_refused(request) or not _SLUG.match(guide_slug or "x" * 200):
        return None
    return GuideReadEvent.objects.create(
        day=timezone.localdate(), guide_slug=guide_slug, language=language if language in ("fr", "en") else ""
    )
