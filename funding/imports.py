"""CSV import of a period of time records, pure part: every row is accepted or rejected with its reasons.

Columns (header row required, order free, UTF-8, comma or semicolon):
date, minutes, category, client_code, service_type, job_start_date, milestone, peripheral_category, staff_email
``minutes`` also takes h:mm. ``service_type`` and ``peripheral_category`` are identifiers (slugs) of the lists.
``staff_email`` is optional; empty means the person importing.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .entry import DURATION_RE
from .models import MAX_MINUTES_PER_RECORD, Category, client_code_normalise, timerecord_errors

REQUIRED = ("date", "minutes", "category")
KNOWN = REQUIRED + (
    "client_code",
    "service_type",
    "job_start_date",
    "milestone",
    "peripheral_category",
    "staff_email",
)
MAX_ROWS = 20000


@dataclass(frozen=True)
class ImportRow:
    line: int
    date: datetime.date
    minutes: int
    category: str
    staff_email: str
    client_code: str = ""
    service_type_id: int | None = None
    job_start_date: datetime.date | None = None
    milestone: int | None = None
    peripheral_id: int | None = None


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, reasons)
    error: str = ""  # the whole file was refused


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _minutes(value: str) -> int | None:
    match = DURATION_RE.fullmatch(value.strip())
    if not match:
        return None
    if match["only"] is not None:
        return int(match["only"])
    extra = int(match["m"] or 0)
    return None if extra >= 60 else int(match["h"]) * 60 + extra


def csv_parse(
    content: bytes,
    *,
    start: datetime.date,
    end: datetime.date,
    service_types: dict[str, int],
    peripheral_categories: dict[str, int],
    staff_emails: set[str],
    default_email: str,
    closed_days: set[datetime.date] | frozenset = frozenset(),
) -> ImportResult:
    """Check every row of the file for the period [start, end]. Never raises on malformed input."""
    result = ImportResult()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.error = _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again.")
        return result
    if "\x00" in text:
        result.error = _("The file is not a CSV text file.")
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            result.error = _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
            return result
        for line_number, values in enumerate(reader, start=2):
            if line_number - 1 > MAX_ROWS:
                result.error = _("The file has more than %(count)s rows; split it.") % {"count": MAX_ROWS}
                return result
            if not any(v.strip() for v in values):
                continue
            record = dict(zip(header, values, strict=False))
            if len(values) != len(header):
                result.rejected.append((line_number, [_("This row does not have as many cells as the header.")]))
                continue
            row, reasons = _row_check(
                line_number,
                record,
                start=start,
                end=end,
                service_types=service_types,
                peripheral_categories=peripheral_categories,
                staff_emails=staff_emails,
                default_email=default_email,
                closed_days=closed_days,
            )
            if reasons:
                result.rejected.append((line_number, reasons))
            else:
                result.rows.append(row)
    except csv.Error:
        result.error = _("The file could not be read as CSV (check the quotes).")
    return result


def _row_check(line: int, record: dict[str, str], **context) -> tuple[ImportRow | None, list[str]]:
    get = lambda name: (record.get(name) or "").strip()  # noqa: E731
    reasons = []
    day = _date(get("date"))
    if day is None:
        reasons.append(_("The date must be written YYYY-MM-DD."))
    elif not context["start"] <= day <= context["end"]:
        reasons.append(_("The date is outside the period being imported."))
    elif day in context["closed_days"]:
        reasons.append(_("The date falls in a closed reporting period."))
    minutes = _minutes(get("minutes"))
    if minutes is None or minutes < 1 or minutes > MAX_MINUTES_PER_RECORD:
        reasons.append(_("The duration must be minutes (90) or h:mm (1:30), more than zero and at most a week."))
    category = get("category").lower()
    service_slug, peripheral_slug = get("service_type"), get("peripheral_category")
    service_id = context["service_types"].get(service_slug)
    peripheral_id = context["peripheral_categories"].get(peripheral_slug)
    if service_slug and service_id is None:
        reasons.append(_("Unknown service type."))
    if peripheral_slug and peripheral_id is None:
        reasons.append(_("Unknown peripheral work category."))
    job_start = _date(get("job_start_date")) if get("job_start_date") else None
    if get("job_start_date") and job_start is None:
        reasons.append(_("The job start date must be written YYYY-MM-DD."))
    milestone = int(get("milestone")) if get("milestone").isdigit() and len(get("milestone")) < 4 else None
    code = client_code_normalise(get("client_code"))
    errors = timerecord_errors(
        category=category,
        client_code=code,
        has_service_type=service_id is not None,
        job_start_date=job_start,
        milestone=milestone,
        has_peripheral=peripheral_id is not None,
    )
    reasons.extend(str(message) for message in errors.values() if str(message) not in reasons)
    email = get("staff_email").lower() or context["default_email"]
    if email not in context["staff_emails"]:
        reasons.append(_("This staff e-mail is not a member of the centre, or you may not import for others."))
    if reasons:
        return None, reasons
    return (
        ImportRow(
            line=line,
            date=day,
            minutes=minutes,
            category=category,
            staff_email=email,
            client_code=code if category != Category.PERIPHERAL else "",
            service_type_id=service_id if category == Category.CLIENT else None,
            job_start_date=job_start if category == Category.RETENTION else None,
            milestone=milestone if category == Category.RETENTION else None,
            peripheral_id=peripheral_id if category == Category.PERIPHERAL else None,
        ),
        [],
    )
