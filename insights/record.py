"""Recording anonymous events. Callers pass already-resolved, coarse facts; nothing typed by a person gets in.

Every input is treated as hostile: wrong types, huge numbers, full postal codes or free text are reduced to the
coarse value we keep (an FSA of three characters, a two-digit region code, known slugs and statuses) or dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import ContactEvent, GuideReadEvent, SearchEvent, SearchImpression

logger = logging.getLogger(__name__)
_FSA = re.compile(r"^[GHJ][0-9][A-Z]$")
_SLUG = re.compile(r"^[a-z]+(-[a-z]+)*$")  # letters and hyphens: no postal code, phone or number fits
_REGION = re.compile(r"^(0[1-9]|1[0-7])$")
PRECISIONS = frozenset({"postal_code", "fsa", "municipality", "coordinates"})
CONTACT_STATUSES = frozenset({"new", "contacted", "in_service", "closed", "not_reached", "refused"})
SMALLINT_MAX = 32767


def tracking_refused(request: HttpRequest) -> bool:
    """Do-Not-Track or Global Privacy Control: record nothing."""
    return request.headers.get("DNT", "").strip() == "1" or request.headers.get("Sec-GPC", "").strip() == "1"


def clean_fsa(value: object) -> str:
    """Keep at most an FSA (three characters); anything else, including a full postal code's tail, is dropped."""
    if not isinstance(value, str):
        return ""
    candidate = value.replace(" ", "").upper()[:3]
    return candidate if _FSA.match(candidate) else ""


def clean_region(value: object) -> str:
    return value if isinstance(value, str) and _REGION.match(value) else ""


def clean_slugs(values: object, known: Callable[[set[str]], set[str]] | None = None) -> str:
    """Comma-separated slugs that look like slugs and, with ``known``, exist in the taxonomy."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        return ""
    kept = {v for v in values if isinstance(v, str) and len(v) <= 40 and _SLUG.match(v)}
    if known is not None and kept:
        kept = known(kept)
    kept = sorted(kept)
    text = ""
    for slug in kept:  # whole slugs only: a cut slug would be a new, false key
        if len(text) + len(slug) + 1 > 400:
            break
        text = f"{text},{slug}" if text else slug
    return text


def known_clienteles(slugs: set[str]) -> set[str]:
    """The slugs that exist in the taxonomy (one indexed look-up, without the ORM's per-query cost)."""
    from directory.models import Clientele

    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    wanted = sorted(slugs)[:40]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('slug')} FROM {quote(Clientele._meta.db_table)} "  # noqa: S608 - names from the model
            f"WHERE {quote('slug')} IN ({', '.join(['%s'] * len(wanted))})",
            wanted,
        )
        return {row[0] for row in cursor.fetchall()}


def clean_count(value: object) -> int:
    """A small non-negative integer; anything else counts as zero."""
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return max(0, min(value, SMALLINT_MAX))


def clean_ids(values: object) -> list[int]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        return []
    return sorted({v for v in values if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**31})


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
    day: dt.date | None = None,
) -> SearchEvent | None:
    """Record one search (no-op when the visitor refuses tracking). ``today_counts`` maps status -> count.

    ``today_counts`` is None when the person gave no eligibility answers: the search then never counts as unmet.
    Unmet means: no result could serve the person today (none eligible, none to confirm) but some would under
    universal access.
    """
    if tracking_refused(request):
        return None
    counts = today_counts if isinstance(today_counts, Mapping) else {}
    org_ids = clean_ids(organization_ids)
    eligible_today = clean_count(counts.get("eligible", 0))
    to_confirm_today = clean_count(counts.get("to_confirm", 0))
    universal = clean_count(universal_eligible)
    values = {
        "day": day if isinstance(day, dt.date) else timezone.localdate(),
        "region_code": clean_region(region_code),
        "fsa": clean_fsa(fsa),
        "precision": precision if isinstance(precision, str) and precision in PRECISIONS else "",
        "clienteles": clean_slugs(clienteles, known_clienteles),
        "result_count": min(len(org_ids), SMALLINT_MAX),
        "eligible_today": eligible_today,
        "to_confirm_today": to_confirm_today,
        "not_eligible_today": clean_count(counts.get("not_eligible", 0)),
        "eligible_universal": universal,
        "unmet": bool(
            isinstance(today_counts, Mapping) and eligible_today == 0 and to_confirm_today == 0 and universal
        ),
        "is_sample": False,
    }
    try:
        with transaction.atomic():
            relaxed_commit()
            event_id = _insert_search(values, org_ids)
    except DatabaseError:  # e.g. a centre deleted meanwhile: a lost count must never break the search
        logger.warning("search event not recorded", exc_info=True)
        return None
    return SearchEvent(id=event_id, **values)


def _insert_search(values: dict, org_ids: list[int]) -> int:
    """Two plain INSERTs (event RETURNING id, then its impressions): a third of the ORM's cost per search."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    events, impressions = SearchEvent._meta.db_table, SearchImpression._meta.db_table
    columns = ", ".join(quote(name) for name in values)
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(events)} ({columns}) VALUES ({placeholders}) RETURNING {quote('id')}",  # noqa: S608
            list(values.values()),
        )
        event_id = cursor.fetchone()[0]
        if org_ids:
            rows = ", ".join(["(%s, %s, %s)"] * len(org_ids))
            params = [item for org_id in org_ids for item in (event_id, org_id, values["day"])]
            cursor.execute(
                # Table and column names come from the models; every value is a parameter.
                f"INSERT INTO {quote(impressions)} ({quote('event_id')}, {quote('organization_id')}, "  # noqa: S608
                f"{quote('day')}) VALUES {rows}",
                params,
            )
    return event_id


def relaxed_commit() -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL reaches the disk.

    Anonymous counts can afford to lose the last few events in a server crash; the search must not wait for an fsync
    (about 10 ms per commit on ordinary disks, against a target of 1 ms per search). Only in a transaction of our
    own: inside a caller's transaction it would relax the caller's writes too.
    """
    outer = transaction.get_connection()
    if outer.vendor == "postgresql" and len(outer.atomic_blocks) == 1:
        with outer.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def request_key(request_id: object) -> str:
    """A keyed hash of the contact request's id: stable for updates, not linkable back without the secret key."""
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"insights-contact:{request_id}".encode(), hashlib.sha256).hexdigest()


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time()))


def contact_record(
    *,
    request_id: int | str,
    organization_id: int,
    region_code: str,
    created_on: dt.date | dt.datetime,
    status: str,
    first_contact_at: dt.datetime | None = None,
    is_sample: bool = False,
) -> ContactEvent:
    """Create or update the anonymous trace of one contact request (call it on creation and on every status change).

    Keeps the centre, the region, the day it was sent, its status and the hours until the first contact.
    """
    created = _as_datetime(created_on)
    hours = None
    if isinstance(first_contact_at, dt.datetime):
        hours = round(max(0.0, (_as_datetime(first_contact_at) - created).total_seconds() / 3600), 2)
    values = {
        "organization_id": organization_id,
        "region_code": clean_region(region_code),
        "day": timezone.localtime(created).date(),
        "status": status if status in CONTACT_STATUSES else "new",
        "is_sample": is_sample,
    }
    if hours is not None:  # a later call without the first contact keeps the delay already recorded
        values["hours_to_first_contact"] = hours
    event, _created = ContactEvent.objects.update_or_create(request_key=request_key(request_id), defaults=values)
    return event


def guide_read_record(request: HttpRequest, *, guide_slug: str, language: str) -> GuideReadEvent | None:
    if (
        tracking_refused(request)
        or not isinstance(guide_slug, str)
        or not re.fullmatch(r"[a-z0-9-]{1,120}", guide_slug)
    ):
        return None
    return GuideReadEvent.objects.create(
        day=timezone.localdate(), guide_slug=guide_slug, language=language if language in ("fr", "en") else ""
    )
