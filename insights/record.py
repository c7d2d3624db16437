"""Recording anonymous events. Callers pass already-resolved, coarse facts; nothing typed by a person gets in.

Every input is treated as hostile: wrong types, huge numbers, full postal codes or free text are reduced to the
coarse value we keep (an FSA of three characters, a two-digit region code, known slugs and statuses) or dropped.

Each anonymous recorder (``search_record``, ``visit_record``, ``guide_read_record``) is its row builder
(``search_row``, ``visit_row``, ``guide_row``: every value cleaned, None when the visitor refuses tracking) followed by
a write. ``record_many`` builds the rows of many events with the same builders and writes them in a few statements
per kind: the drain of the Redis event queue (speed/events.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

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
# Parameters per statement: SQLite's limit (PostgreSQL's is 65,535). Multi-row statements are cut to stay under it.
MAX_PARAMETERS = 32_766
CLIENTELES_LOOKED_UP = 40  # of one search


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


def slug_candidates(values: object) -> set[str]:
    """The values that look like slugs (before any look-up in the taxonomy)."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        return set()
    return {v for v in values if isinstance(v, str) and len(v) <= 40 and _SLUG.match(v)}


def clean_slugs(values: object, known: Callable[[set[str]], set[str]] | None = None) -> str:
    """Comma-separated slugs that look like slugs and, with ``known``, exist in the taxonomy."""
    kept = slug_candidates(values)
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
    return clienteles_existing(clienteles_wanted(slugs))


def clienteles_wanted(slugs: Iterable[str]) -> set[str]:
    """The slugs of one search that are looked up: the first 40 in alphabetical order (the others count as unknown)."""
    return set(sorted(slugs)[:CLIENTELES_LOOKED_UP])


def clienteles_existing(slugs: Iterable[str]) -> set[str]:
    from directory.models import Clientele

    return set(_existing(Clientele._meta.db_table, "slug", sorted(set(slugs))))


def _existing(table: str, column: str, values: list) -> list:
    """The values found in ``table.column`` (one look-up per MAX_PARAMETERS values)."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for chunk in chunks(values, 1):
            cursor.execute(
                f"SELECT {quote(column)} FROM {quote(table)} "  # noqa: S608 - names from the model
                f"WHERE {quote(column)} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            found += [row[0] for row in cursor.fetchall()]
    return found


class _KnownClienteles:
    """``known_clienteles`` for many searches: the slugs of them all looked up together, once."""

    def __init__(self, candidates: Iterable[set[str]]):
        self.looked_up: set[str] = set().union(*(clienteles_wanted(slugs) for slugs in candidates))
        self.existing = clienteles_existing(self.looked_up)

    def __call__(self, slugs: set[str]) -> set[str]:
        wanted = clienteles_wanted(slugs)
        if missing := wanted - self.looked_up:  # not announced to __init__: looked up now
            self.existing |= clienteles_existing(missing)
            self.looked_up |= missing
        return wanted & self.existing


def chunks(rows: Sequence, width: int) -> Iterator[Sequence]:
    """``rows`` in runs small enough for one statement of ``width`` parameters a row."""
    size = max(1, MAX_PARAMETERS // width)
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


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
    row = search_row(
        request, region_code=region_code, fsa=fsa, clienteles=clienteles, organization_ids=organization_ids,
        today_counts=today_counts, universal_eligible=universal_eligible, day=day, precision=precision,
    )  # fmt: skip
    if row is None:
        return None
    try:
        with transaction.atomic():
            relaxed_commit()
            searches_write([row])
    except DatabaseError:  # e.g. a centre deleted meanwhile: a lost count must never break the search
        logger.warning("search event not recorded", exc_info=True)
        return None
    return SearchEvent(**row[0])


def search_row(
    request: HttpRequest,
    *,
    region_code: str,
    fsa: str | None,
    clienteles: Iterable[str],
    organization_ids: Iterable[int],
    today_counts: Mapping[str, int] | None = None,
    universal_eligible: int = 0,
    day: dt.date | None = None,
    precision: object = None,
    known: Callable[[set[str]], set[str]] = known_clienteles,
) -> tuple[dict, list[int]] | None:
    """The row of one search (every value cleaned) and the centres it showed; None when the visitor refuses tracking.
    The arguments are search_record's; ``known`` says which clientèles exist."""
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
        "clienteles": clean_slugs(clienteles, known),
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
    return values, org_ids


def searches_write(rows: list[tuple[dict, list[int]]]) -> None:
    """Searches built by search_row: their events in one INSERT, then one upsert adding to the monthly counter of
    every centre shown (one of each per MAX_PARAMETERS values). One search: two plain statements."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    shown = Counter((org_id, values["month"]) for values, org_ids in rows for org_id in org_ids)
    with connection.cursor() as cursor:
        rows_insert(cursor, quote, SearchEvent._meta.db_table, [values for values, _org_ids in rows])
        if shown:
            counters = sorted((org_id, month, count) for (org_id, month), count in shown.items())
            impressions_add(cursor, quote, ImpressionCount._meta.db_table, counters)


def rows_insert(cursor, quote, table: str, rows: list[dict]) -> None:
    """Insert rows (dicts with the same keys, in the same order) in one multi-row INSERT per MAX_PARAMETERS values."""
    names = list(rows[0]) if rows else []
    columns = ", ".join(quote(name) for name in names)
    placeholders = f"({', '.join(['%s'] * len(names))})"
    for chunk in chunks(rows, len(names)):
        cursor.execute(
            f"INSERT INTO {quote(table)} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}",  # noqa: S608
            [row[name] for row in chunk for name in names],
        )


def impressions_add(cursor, quote, table: str, rows: list[tuple[int, dt.date, int]]) -> None:
    """Add to the (centre, month) counters in one statement per MAX_PARAMETERS values (the same on PostgreSQL and
    SQLite). A (centre, month) appears at most once in ``rows``."""
    count = quote("count")
    for chunk in chunks(rows, 3):
        cursor.execute(
            # Table and column names come from the model; every value is a parameter.
            f"INSERT INTO {quote(table)} ({quote('organization_id')}, {quote('month')}, {count}) "  # noqa: S608
            f"VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))} "
            f"ON CONFLICT ({quote('organization_id')}, {quote('month')}) "
            f"DO UPDATE SET {count} = {quote(table)}.{count} + excluded.{count}",
            [item for row in chunk for item in row],
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


def guide_read_record(
    request: HttpRequest, *, guide_slug: str, language: str, day: dt.date | None = None
) -> GuideReadEvent | None:
    row = guide_row(request, guide_slug=guide_slug, language=language, day=day)
    return None if row is None else GuideReadEvent.objects.create(**row)


def guide_row(request: HttpRequest, *, guide_slug: str, language: str, day: dt.date | None = None) -> dict | None:
    """The row of one guide read (every value cleaned); None when the visitor refuses tracking or the slug is not
    one. The arguments are guide_read_record's."""
    if (
        tracking_refused(request)
        or not isinstance(guide_slug, str)
        or not re.fullmatch(r"[a-z0-9-]{1,120}", guide_slug)
    ):
        return None
    return {
        "id": random_id(),
        "month": month_of(day if isinstance(day, dt.date) else timezone.localdate()),
        "guide_slug": guide_slug,
        "language": language if language in ("fr", "en") else "",
        "is_sample": False,
    }


def guides_write(rows: list[dict]) -> None:
    connection = transaction.get_connection()
    with connection.cursor() as cursor:
        rows_insert(cursor, connection.ops.quote_name, GuideReadEvent._meta.db_table, rows)


# A month holds at most this many keys per source: beyond, new hosts or tags are counted under "" (other), so forged
# Referer headers cannot grow the table without bound.
VISIT_KEYS_PER_MONTH = 500


def visit_record(request: HttpRequest, *, source: str, key: str = "", day: dt.date | None = None) -> None:
    """Add one to the month's counter of a visit source (no-op when the visitor refuses tracking)."""
    from .models import VisitCount

    row = visit_row(request, source=source, key=key, day=day)
    if row is None:
        return
    month, source, key = row
    try:
        with transaction.atomic():
            relaxed_commit()
            counters = VisitCount.objects.filter(month=month, source=source)
            if counters.filter(key=key).update(count=models.F("count") + 1):
                return
            if key and counters.count() >= VISIT_KEYS_PER_MONTH:
                key = ""
            _visits_add(VisitCount._meta.db_table, [(month, source, key, 1)])
    except DatabaseError:
        logger.warning("visit not recorded", exc_info=True)


def visit_row(
    request: HttpRequest, *, source: str, key: str = "", day: dt.date | None = None
) -> tuple[dt.date, str, str] | None:
    """The (month, source, key) of one visit, the key cleaned as its source requires; None when the visitor refuses
    tracking or the source is not one. The arguments are visit_record's."""
    from lib.links import campaign_tag

    from .visits import ALL_SOURCES, clean_host

    if tracking_refused(request) or source not in ALL_SOURCES:
        return None
    if source == "search_engine":
        key = key if isinstance(key, str) and _SLUG.match(key) else ""
    elif source in ("poster", "card"):
        key = campaign_tag(key)
    elif source == "share" or source == "direct":
        key = ""
    else:
        key = clean_host(key)
    return month_of(day if isinstance(day, dt.date) else timezone.localdate()), source, key


def visits_write(rows: list[tuple[dt.date, str, str]]) -> None:
    """Visits built by visit_row, in order: one look-up of the keys their months and sources already have, then one
    upsert of the counters (one per MAX_PARAMETERS values). Past VISIT_KEYS_PER_MONTH keys, a new key counts under ""
    exactly as visit_record does it one visit after the other."""
    from .models import VisitCount

    months = sorted({month for month, _source, _key in rows})
    sources = sorted({source for _month, source, _key in rows})
    keys: dict[tuple[dt.date, str], set[str]] = defaultdict(set)
    for some in chunks(months, len(sources) + 1):
        existing = VisitCount.objects.filter(month__in=some, source__in=sources)
        for month, source, key in existing.values_list("month", "source", "key"):
            keys[month, source].add(key)
    added: Counter[tuple[dt.date, str, str]] = Counter()
    for month, source, key in rows:
        known = keys[month, source]
        if key not in known:
            if key and len(known) >= VISIT_KEYS_PER_MONTH:
                key = ""
            known.add(key)
        added[month, source, key] += 1
    _visits_add(VisitCount._meta.db_table, sorted((*row, count) for row, count in added.items()))


def _visits_add(table: str, rows: list[tuple[dt.date, str, str, int]]) -> None:
    """Add to the (month, source, key) counters; a (month, source, key) appears at most once in ``rows``."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    count = quote("count")
    names = ", ".join(quote(name) for name in ("month", "source", "key"))
    with connection.cursor() as cursor:
        for chunk in chunks(rows, 4):
            cursor.execute(
                f"INSERT INTO {quote(table)} ({names}, {count}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join(['(%s, %s, %s, %s)'] * len(chunk))} "
                f"ON CONFLICT ({names}) DO UPDATE SET {count} = {quote(table)}.{count} + excluded.{count}",
                [item for row in chunk for item in row],
            )


def record_many(calls: Iterable[tuple[Callable, HttpRequest, Mapping]]) -> int:
    """Record ``recorder(request, **arguments)`` for each call (search_record, visit_record, guide_read_record), with
    the same rows and counters as calling them one after the other, in a few statements per kind whatever the number.

    Runs inside the caller's transaction (the drain's: speed/events.py). Each call's row is built by the recorder's
    own row builder: a call it refuses (wrong arguments) is logged and skipped. Each kind is written in a savepoint;
    if that fails, its rows are written again in halves, down to single rows, so that only the culprit is lost (and
    logged). A search showing a centre that no longer exists is not recorded, as search_record would fail to. Returns
    the number of events recorded (refusals of tracking excluded).
    """
    calls = list(calls)
    known = _KnownClienteles(
        slug_candidates(arguments.get("clienteles")) for recorder, _request, arguments in calls
        if recorder is search_record and isinstance(arguments, Mapping)
    )  # fmt: skip
    builders = {search_record: search_row, visit_record: visit_row, guide_read_record: guide_row}
    searches, visits, guides = [], [], []
    kinds = {search_record: searches, visit_record: visits, guide_read_record: guides}
    for recorder, request, arguments in calls:
        try:
            extra = {"known": known} if recorder is search_record else {}
            row = builders[recorder](request, **arguments, **extra)
        except Exception:  # noqa: BLE001 - one bad event never blocks the others
            logger.exception("event not recorded: %s", getattr(recorder, "__name__", recorder))
            continue
        if row is not None:
            kinds[recorder].append(row)
    if searches:
        shown = {org_id for _values, org_ids in searches for org_id in org_ids}
        centres = ImpressionCount._meta.get_field("organization").related_model._meta
        gone = shown - set(_existing(centres.db_table, centres.pk.column, sorted(shown)))
        if gone:  # deleted since: its counter's foreign key would fail the whole transaction at its commit
            logger.warning("search events not recorded: centres %s no longer exist", sorted(gone))
            searches = [row for row in searches if gone.isdisjoint(row[1])]
    return sum(
        _write_batch(writer, rows)
        for writer, rows in ((searches_write, searches), (visits_write, visits), (guides_write, guides))
        if rows
    )


def _write_batch(writer: Callable[[list], None], rows: list, *, first: bool = True) -> int:
    """Write rows in a savepoint; if that fails, each half again, down to the culprit, which is logged and skipped.

    One by one in effect, in about 2·log2(n) savepoints for one culprit rather than n: thousands of savepoints in one
    transaction slow PostgreSQL down (each past the 64th is looked up in pg_subtrans). Halves are written in order, so
    the visit-key cap sees the rows before them as it would one by one."""
    try:
        with transaction.atomic():
            writer(rows)
        return len(rows)
    except Exception:  # noqa: BLE001 - one bad row never blocks the others
        if len(rows) == 1:
            logger.exception("event not recorded: %s of %r", writer.__name__, rows[0])
            return 0
        if first:
            logger.warning("%s of %d rows failed; writing them in halves", writer.__name__, len(rows), exc_info=True)
    middle = len(rows) // 2
    return _write_batch(writer, rows[:middle], first=False) + _write_batch(writer, rows[middle:], first=False)
