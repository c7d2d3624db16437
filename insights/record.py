"""Recording anonymous events. Callers pass already-resolved, coarse facts; nothing typed by a person gets in.

Every input is treated as hostile: wrong types, huge numbers, full postal codes or free text are reduced to the
coarse value we keep (an FSA of three characters, a two-digit region code, known slugs and statuses) or dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable, Iterable, Mapping

from django.db import DatabaseError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import ContactEvent, GuideReadEvent, ImpressionCount, SearchEvent, random_id

logger = logging.getLogger(__name__)
_FSA = re.compile(r"^[GHJ][0-9][A-Z]$")
_SLUG = re.compile(r"^[a-z]+(-[a-z]+)*$")  # letters and hyphens: no postal code, phone or number fits
_REGION = re.compile(r"^(0[1-9]|1[0-7])$")
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


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def search_record(
    request: HttpRequest,
    *,
    region_code: str,
    fsa: str | None,
    clienteles: Iterable[str],
    organization_ids: Iterable[int],
    today_counts: Mapping[str, int] | None = None,
    universal_eligible: int = 0,
    day: dt.date | None = None,
    precision: object = None,  # accepted from older callers and ignored: how precise the place was is not kept
) -> SearchEvent | None:
    """Record one search (no-op when the visitor refuses tracking). ``today_counts`` maps status -> count.

    ``today_counts`` is None when the person gave no eligibility answers: the search then never counts as unmet.
    Unmet means: no result could serve the person today (none eligible, none to confirm) but some would under
    universal access. The centres shown only add one to their monthly counters.
    """
    if tracking_refused(request):
        return None
    counts = today_counts if isinstance(today_counts, Mapping) else {}
    org_ids = clean_ids(organization_ids)
    eligible_today = clean_count(counts.get("eligible", 0))
    to_confirm_today = clean_count(counts.get("to_confirm", 0))
    universal = clean_count(universal_eligible)
    values = {
        "id": random_id(),
        "month": month_of(day if isinstance(day, dt.date) else timezone.localdate()),
        "region_code": clean_region(region_code),
        "fsa": clean_fsa(fsa),
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
            _insert_search(values, org_ids)
    except DatabaseError:  # e.g. a centre deleted meanwhile: a lost count must never break the search
        logger.warning("search event not recorded", exc_info=True)
        return None
    return SearchEvent(**values)


def _insert_search(values: dict, org_ids: list[int]) -> None:
    """Two plain statements: the event, then one upsert adding one to each shown centre's monthly counter."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    events, counters = SearchEvent._meta.db_table, ImpressionCount._meta.db_table
    columns = ", ".join(quote(name) for name in values)
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(events)} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the model
            list(values.values()),
        )
        if org_ids:
            impressions_add(cursor, quote, counters, [(org_id, values["month"], 1) for org_id in org_ids])


def impressions_add(cursor, quote, table: str, rows: list[tuple[int, dt.date, int]]) -> None:
    """Add to the (centre, month) counters in one statement (the same on PostgreSQL and SQLite)."""
    count = quote("count")
    cursor.execute(
        # Table and column names come from the model; every value is a parameter.
        f"INSERT INTO {quote(table)} ({quote('organization_id')}, {quote('month')}, {count}) "  # noqa: S608
        f"VALUES {', '.join(['(%s, %s, %s)'] * len(rows))} "
        f"ON CONFLICT ({quote('organization_id')}, {quote('month')}) "
        f"DO UPDATE SET {count} = {quote(table)}.{count} + excluded.{count}",
        [item for row in rows for item in row],
    )


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


def new_token() -> str:
    """The random token a contact request shares with its anonymous event (nothing derived from the request)."""
    return secrets.token_hex(16)


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time()))


def delay_band(hours: float) -> str:
    """A delay to first contact as a band: one day, two days, a week, longer."""
    for limit, band in (
        (24, ContactEvent.Delay.DAY),
        (48, ContactEvent.Delay.TWO_DAYS),
        (168, ContactEvent.Delay.WEEK),
    ):
        if hours < limit:
            return band
    return ContactEvent.Delay.LONGER


def contact_record(
    *,
    token: str,
    organization_id: int,
    region_code: str,
    created_on: dt.date | dt.datetime,
    status: str,
    first_contact_at: dt.datetime | None = None,
    is_sample: bool = False,
) -> ContactEvent | None:
    """Create or update the anonymous trace of one contact request (on creation and on every status change).

    Keeps the centre, the region, the month it was sent, its status and the band of the delay to the first contact.
    ``token`` is the random token the request holds; without one (the person refused tracking, or the request was
    purged) nothing is recorded.
    """
    if not isinstance(token, str) or not token:
        return None
    created = _as_datetime(created_on)
    values = {
        "organization_id": organization_id,
        "region_code": clean_region(region_code),
        "month": month_of(timezone.localtime(created).date()),
        "status": status if status in CONTACT_STATUSES else "new",
        "is_sample": is_sample,
    }
    if isinstance(first_contact_at, dt.datetime):  # a later call without it keeps the band already recorded
        values["delay"] = delay_band(max(0.0, (_as_datetime(first_contact_at) - created).total_seconds() / 3600))
    event, _created = ContactEvent.objects.update_or_create(token=token, defaults=values)
    return event


def contact_forget(token: str) -> None:
    """Erase the event's copy of the token (the request's copy is erased by the caller): nothing links them now."""
    if token:
        ContactEvent.objects.filter(token=token).update(token=None)


def guide_read_record(request: HttpRequest, *, guide_slug: str, language: str) -> GuideReadEvent | None:
    if (
        tracking_refused(request)
        or not isinstance(guide_slug, str)
        or not re.fullmatch(r"[a-z0-9-]{1,120}", guide_slug)
    ):
        return None
    return GuideReadEvent.objects.create(
        month=month_of(timezone.localdate()),
        guide_slug=guide_slug,
        language=language if language in ("fr", "en") else "",
    )


# A month holds at most this many keys per source: beyond, new hosts or tags are counted under "" (other), so forged
# Referer headers cannot grow the table without bound.
VISIT_KEYS_PER_MONTH = 500


def visit_record(request: HttpRequest, *, source: str, key: str = "", day: dt.date | None = None) -> None:
    """Add one to the month's counter of a visit source (no-op when the visitor refuses tracking)."""
    from lib.links import campaign_tag

    from .models import VisitCount
    from .visits import ALL_SOURCES, clean_host

    if tracking_refused(request) or source not in ALL_SOURCES:
        return
    if source == "search_engine":
        key = key if isinstance(key, str) and _SLUG.match(key) else ""
    elif source in ("poster", "card"):
        key = campaign_tag(key)
    elif source == "share" or source == "direct":
        key = ""
    else:
        key = clean_host(key)
    month = month_of(day if isinstance(day, dt.date) else timezone.localdate())
    try:
        with transaction.atomic():
            relaxed_commit()
            counters = VisitCount.objects.filter(month=month, source=source)
            if counters.filter(key=key).update(count=models.F("count") + 1):
                return
            if key and counters.count() >= VISIT_KEYS_PER_MONTH:
                key = ""
            _visit_add(VisitCount._meta.db_table, month, source, key)
    except DatabaseError:
        logger.warning("visit not recorded", exc_info=True)


def _visit_add(table: str, month: dt.date, source: str, key: str) -> None:
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    count = quote("count")
    names = ", ".join(quote(name) for name in ("month", "source", "key"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({names}, {count}) VALUES (%s, %s, %s, 1) "  # noqa: S608 - model names
            f"ON CONFLICT ({names}) DO UPDATE SET {count} = {quote(table)}.{count} + 1",
            [month, source, key],
        )
