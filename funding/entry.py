"""Fast entry, pure part: durations typed as minutes or h:mm, the weekly grid's rows and cells, follow-up planning."""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import CLIENT_CODE_RE, MAX_MINUTES_PER_RECORD, Category, Milestone, client_code_normalise

DURATION_RE = re.compile(r"^(?:(?P<h>\d{1,3})\s*[:hH]\s*(?P<m>\d{0,2})|(?P<only>\d{1,5}))$")


def duration_parse(raw: str) -> int:
    """Minutes from "90", "1:30", "1h30" or "2h". Empty means 0. Raises ValueError with a readable message."""
    value = (raw or "").strip()
    if not value:
        return 0
    match = DURATION_RE.fullmatch(value)
    if not match:
        raise ValueError(_("Write minutes (90) or hours and minutes (1:30)."))
    if match["only"] is not None:
        minutes = int(match["only"])
    else:
        extra = int(match["m"] or 0)
        if extra >= 60:
            raise ValueError(_("Minutes after the colon go from 00 to 59."))
        minutes = int(match["h"]) * 60 + extra
    if minutes > 24 * 60:
        raise ValueError(_("A day has at most 24 hours."))
    return minutes


def duration_format(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}" if minutes else ""


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=i) for i in range(7)]


@dataclass(frozen=True)
class RowKey:
    """What a grid row records: a category and, for client work, the client and the service or follow-up."""

    category: str
    client_code: str = ""
    service_type_id: int | None = None
    job_start_date: datetime.date | None = None
    milestone: int | None = None
    peripheral_id: int | None = None


@dataclass
class GridRow:
    index: int
    key: RowKey | None
    cells: list[str]  # seven typed values, Monday first
    errors: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)
    label: str = ""


def grid_parse(
    data: dict[str, str], row_count: int, *, peripheral_ids: set[int], service_type_ids: set[int]
) -> tuple[list[GridRow], dict[RowKey, list[int]]]:
    """Read the posted grid. Returns the rows (with errors) and, if none has errors, minutes per key per weekday."""
    rows: list[GridRow] = []
    totals: dict[RowKey, list[int]] = {}
    for index in range(row_count):
        prefix = f"r{index}-"
        raw = {
            name: (data.get(prefix + name) or "").strip()
            for name in ("kind", "client", "service", "start", "milestone")
        }
        cells = [(data.get(f"{prefix}d{day}") or "").strip() for day in range(7)]
        row = GridRow(index=index, key=None, cells=cells, raw=raw)
        rows.append(row)
        minutes = []
        for cell in cells:
            try:
                minutes.append(duration_parse(cell))
            except ValueError as exc:
                row.errors.append(str(exc))
                minutes.append(0)
        key = _row_key(raw, row.errors, peripheral_ids, service_type_ids, has_minutes=any(minutes))
        row.key = key
        if key is not None and not row.errors:
            into = totals.setdefault(key, [0] * 7)
            for day, value in enumerate(minutes):
                into[day] += value
    if any(row.errors for row in rows):
        return rows, {}
    return rows, totals


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _row_key(
    raw: dict[str, str], errors: list[str], peripheral_ids: set[int], service_type_ids: set[int], *, has_minutes: bool
) -> RowKey | None:
    kind = raw["kind"]
    if kind.startswith("peripheral:"):
        pid = _int_or_none(kind.removeprefix("peripheral:"))
        if pid not in peripheral_ids:
            errors.append(_("Unknown peripheral work category."))
            return None
        return RowKey(Category.PERIPHERAL, peripheral_id=pid)
    code = client_code_normalise(raw["client"])
    if not code and not has_minutes:
        return None  # an empty spare row
    if not CLIENT_CODE_RE.fullmatch(code):
        errors.append(_("A client code is letters then digits, such as C-2026-0042. Never write a name."))
        return None
    if kind == Category.CLIENT:
        service = _int_or_none(raw["service"])
        if service not in service_type_ids:
            errors.append(_("Choose the service type."))
            return None
        return RowKey(Category.CLIENT, client_code=code, service_type_id=service)
    if kind == Category.RETENTION:
        try:
            start = datetime.date.fromisoformat(raw["start"])
        except ValueError:
            errors.append(_("Give the job start date as YYYY-MM-DD."))
            return None
        milestone = _int_or_none(raw["milestone"])
        if milestone not in Milestone.values:
            errors.append(_("Choose the follow-up: 1, 3, 6 or 12 months."))
            return None
        return RowKey(Category.RETENTION, client_code=code, job_start_date=start, milestone=milestone)
    errors.append(_("Unknown category."))
    return None


def grid_changes(
    existing: dict[tuple[RowKey, int], list[tuple[int, int]]], wanted: dict[RowKey, list[int]]
) -> tuple[list[tuple[RowKey, int, int]], list[tuple[int, int]], list[int]]:
    """Compare the records in the database with the grid.

    existing: (key, weekday) → [(record id, minutes)]. Returns (to create: key, weekday, minutes),
    (to update: record id, minutes) and (to delete: record id). Rows absent from the grid are left alone only if
    ``wanted`` mentions them; otherwise the grid is the truth for the week.
    """
    create: list[tuple[RowKey, int, int]] = []
    update: list[tuple[int, int]] = []
    delete: list[int] = []
    for key, days in wanted.items():
        for day, minutes in enumerate(days):
            records = existing.get((key, day), [])
            if minutes == 0:
                delete.extend(rid for rid, _m in records)
            elif not records:
                create.append((key, day, minutes))
            else:
                first_id, first_minutes = records[0]
                if first_minutes != minutes:
                    update.append((first_id, minutes))
                delete.extend(rid for rid, _m in records[1:])
    for (key, _day), records in existing.items():
        if key not in wanted:
            delete.extend(rid for rid, _m in records)
    return create, update, delete


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class FollowUp:
    client_code: str
    job_start_date: datetime.date
    milestone: int
    due: datetime.date
    overdue: bool


def followups_due(
    placements: set[tuple[str, datetime.date]],
    done: set[tuple[str, datetime.date, int]],
    today: datetime.date,
    overdue_days: int = 60,
) -> list[FollowUp]:
    """Follow-ups planned at 1, 3, 6 and 12 months after each job start, not yet recorded, falling due this week
    (Monday to Sunday of ``today``) or overdue by at most ``overdue_days``."""
    monday = week_start(today)
    sunday = monday + datetime.timedelta(days=6)
    earliest = monday - datetime.timedelta(days=overdue_days)
    result = []
    for code, start in placements:
        for milestone in Milestone.values:
            due = add_months(start, milestone)
            if (code, start, milestone) in done or not (earliest <= due <= sunday):
                continue
            result.append(FollowUp(code, start, milestone, due, overdue=due < monday))
    return sorted(result, key=lambda f: (f.due, f.client_code))


__all__ = ["MAX_MINUTES_PER_RECORD", "duration_parse", "grid_parse", "followups_due"]


def grid_rows(
    existing: dict[RowKey, list[int]],
    peripheral_ids: list[int],
    *,
    spare_client: int = 3,
    spare_retention: int = 2,
) -> list[GridRow]:
    """The rows shown for a week: one per peripheral category, one per client row already recorded, then spares."""
    keys: list[RowKey] = [RowKey(Category.PERIPHERAL, peripheral_id=pid) for pid in peripheral_ids]
    keys += [k for k in existing if k.category == Category.PERIPHERAL and k.peripheral_id not in peripheral_ids]
    clients = sorted((k for k in existing if k.category == Category.CLIENT), key=lambda k: k.client_code)
    retention = sorted((k for k in existing if k.category == Category.RETENTION), key=lambda k: k.client_code)
    keys += clients + retention
    rows = []
    for index, key in enumerate(keys):
        minutes = existing.get(key, [0] * 7)
        raw = {
            "kind": f"peripheral:{key.peripheral_id}" if key.category == Category.PERIPHERAL else key.category,
            "client": key.client_code,
            "service": str(key.service_type_id or ""),
            "start": key.job_start_date.isoformat() if key.job_start_date else "",
            "milestone": str(key.milestone or ""),
        }
        rows.append(GridRow(index=index, key=key, cells=[duration_format(m) for m in minutes], raw=raw))
    spares = [Category.CLIENT] * spare_client + [Category.RETENTION] * spare_retention
    for offset, kind in enumerate(spares):
        raw = {"kind": kind, "client": "", "service": "", "start": "", "milestone": ""}
        rows.append(GridRow(index=len(keys) + offset, key=None, cells=[""] * 7, raw=raw))
    return rows
