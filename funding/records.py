"""Write operations on time records and reporting periods (keyword-only, `<noun>_<verb>`)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from directory.models import Organization

from .entry import RowKey, grid_changes, week_days
from .imports import ImportResult
from .models import NetworkSharingConsent, ReportingPeriod, TimeRecord, month_of

MAX_MINUTES_PER_DAY = 24 * 60


def recorded_minutes(
    staff_ids, start: datetime.date, end: datetime.date, *, exclude_ids=()
) -> dict[tuple[int, datetime.date], int]:
    """(staff id, day) -> minutes already recorded, in every centre, for [start, end]."""
    rows = (
        TimeRecord.objects.filter(staff_id__in=list(staff_ids), date__gte=start, date__lte=end)
        .exclude(pk__in=list(exclude_ids))
        .values("staff_id", "date")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    return {(row["staff_id"], row["date"]): row["minutes"] for row in rows}


def day_limit_message(day: datetime.date, minutes: int) -> str:
    return _("%(day)s: %(hours)s would be recorded for one person, and a day has at most 24 hours.") % {
        "day": formats.date_format(day, "DATE_FORMAT"),
        "hours": f"{minutes // 60} h {minutes % 60:02d}",
    }


def day_limit_errors(totals: dict[datetime.date, int]) -> list[str]:
    """One message per day over 24 hours, naming the day."""
    return [day_limit_message(day, minutes) for day, minutes in sorted(totals.items()) if minutes > MAX_MINUTES_PER_DAY]


def closed_days(organization: Organization, start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """The days of [start, end] that fall in a closed reporting period of the centre."""
    days: set[datetime.date] = set()
    for period in ReportingPeriod.objects.filter(
        organization=organization, is_closed=True, start__lte=end, end__gte=start
    ):
        day = max(period.start, start)
        while day <= min(period.end, end):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days


def record_key(record: TimeRecord) -> RowKey:
    return RowKey(
        category=record.category,
        client_code=record.client_code,
        service_type_id=record.service_type_id,
        job_start_date=record.job_start_date,
        milestone=record.milestone,
        peripheral_id=record.peripheral_category_id,
    )


def _record_from_key(organization, staff, day: datetime.date, key: RowKey, minutes: int, **extra) -> TimeRecord:
    return TimeRecord(
        organization=organization,
        staff=staff,
        date=day,
        month=month_of(day),
        minutes=minutes,
        category=key.category,
        client_code=key.client_code,
        service_type_id=key.service_type_id,
        job_start_date=key.job_start_date,
        milestone=key.milestone,
        peripheral_category_id=key.peripheral_id,
        **extra,
    )


def week_records(*, organization: Organization, staff: User, monday: datetime.date):
    sunday = monday + datetime.timedelta(days=6)
    return TimeRecord.objects.filter(organization=organization, staff=staff, date__gte=monday, date__lte=sunday)


def week_save(
    *, organization: Organization, staff: User, monday: datetime.date, wanted: dict[RowKey, list[int]]
) -> int:
    """Make the person's week match the grid; each change is a save or delete, so auditlog keeps old → new.

    Refuses (ValidationError) when a change touches a day of a closed period. Returns the number of changes."""
    days = week_days(monday)
    existing: dict[tuple[RowKey, int], list[tuple[int, int]]] = {}
    for record in week_records(organization=organization, staff=staff, monday=monday).order_by("id"):
        existing.setdefault((record_key(record), record.date.weekday()), []).append((record.pk, record.minutes))
    create, update, delete = grid_changes(existing, wanted)
    closed = closed_days(organization, days[0], days[-1])
    by_id = {rid: day for (_key, day), records in existing.items() for rid, _m in records}
    touched = {days[day] for _k, day, _m in create} | {days[by_id[rid]] for rid, _m in update}
    touched |= {days[by_id[rid]] for rid in delete}
    if touched & closed:
        raise ValidationError(_("Some of these days are in a closed reporting period; ask a manager to reopen it."))
    this_week = [rid for records in existing.values() for rid, _m in records]
    elsewhere = recorded_minutes([staff.pk], days[0], days[-1], exclude_ids=this_week)  # other centres' records
    totals = {day: elsewhere.get((staff.pk, day), 0) for day in days}
    for minutes_by_day in wanted.values():
        for index, minutes in enumerate(minutes_by_day):
            totals[days[index]] += minutes
    if errors := day_limit_errors(totals):
        raise ValidationError(errors)
    with transaction.atomic():
        for rid, minutes in update:
            record = TimeRecord.objects.get(pk=rid)
            record.minutes = minutes
            record.save()
        for record in TimeRecord.objects.filter(pk__in=delete):
            record.delete()
        for key, day, minutes in create:
            _record_from_key(organization, staff, days[day], key, minutes).save()
    return len(create) + len(update) + len(delete)


def week_copy_previous(*, organization: Organization, staff: User, monday: datetime.date) -> int:
    """Copy last week's records into this week, for rows and days not already filled. Returns how many."""
    days = week_days(monday)
    if closed_days(organization, days[0], days[-1]):
        raise ValidationError(_("This week is in a closed reporting period; ask a manager to reopen it."))
    present = {
        (record_key(r), r.date.weekday()) for r in week_records(organization=organization, staff=staff, monday=monday)
    }
    previous = week_records(organization=organization, staff=staff, monday=monday - datetime.timedelta(days=7))
    copies = [
        _record_from_key(organization, staff, days[r.date.weekday()], record_key(r), r.minutes)
        for r in previous
        if (record_key(r), r.date.weekday()) not in present
    ]
    totals = {day: minutes for (_staff, day), minutes in recorded_minutes([staff.pk], days[0], days[-1]).items()}
    for record in copies:
        totals[record.date] = totals.get(record.date, 0) + record.minutes
    if errors := day_limit_errors(totals):
        raise ValidationError(errors)
    with transaction.atomic():
        for record in copies:
            record.save()  # one by one so that auditlog records each creation
    return len(copies)


def import_day_limits(result: ImportResult, emails_to_users: dict[str, User]) -> None:
    """Reject every row of a person's day that would go over 24 hours (file rows plus what is already recorded)."""
    if not result.rows:
        return
    first, last = min(r.date for r in result.rows), max(r.date for r in result.rows)
    users = {email: user.pk for email, user in emails_to_users.items()}
    totals = recorded_minutes(set(users.values()), first, last)
    for row in result.rows:
        key = (users[row.staff_email], row.date)
        totals[key] = totals.get(key, 0) + row.minutes
    over = {key for key, minutes in totals.items() if minutes > MAX_MINUTES_PER_DAY}
    kept = []
    for row in result.rows:
        key = (users[row.staff_email], row.date)
        if key in over:
            result.rejected.append((row.line, [day_limit_message(row.date, totals[key])]))
        else:
            kept.append(row)
    result.rows = kept
    result.rejected.sort(key=lambda item: item[0])


def timerecords_import(*, organization: Organization, result: ImportResult, emails_to_users: dict[str, User]) -> int:
    records = [
        TimeRecord(
            organization=organization,
            staff=emails_to_users[row.staff_email],
            date=row.date,
            month=month_of(row.date),
            minutes=row.minutes,
            category=row.category,
            client_code=row.client_code,
            service_type_id=row.service_type_id,
            job_start_date=row.job_start_date,
            milestone=row.milestone,
            peripheral_category_id=row.peripheral_id,
        )
        for row in result.rows
    ]
    TimeRecord.objects.bulk_create(records, batch_size=1000)
    return len(records)


def is_manager(user: User, organization: Organization) -> bool:
    return Membership.objects.filter(user=user, organization=organization, role=Membership.Role.MANAGER).exists()


def period_close(*, period: ReportingPeriod, by: User) -> None:
    if not is_manager(by, period.organization):
        raise PermissionDenied
    period.is_closed, period.closed_at, period.closed_by = True, timezone.now(), by
    period.save()


def period_reopen(*, period: ReportingPeriod, by: User) -> None:
    """Only a manager of the centre reopens a closed period; who and when are kept (and in the audit log)."""
    if not is_manager(by, period.organization):
        raise PermissionDenied
    period.is_closed = False
    period.reopened_at, period.reopened_by = timezone.now(), by
    period.reopen_count += 1
    period.save()


def consent_set(*, organization: Organization, by: User, agree: bool) -> NetworkSharingConsent | None:
    if not is_manager(by, organization):
        raise PermissionDenied
    today = timezone.localdate()
    consent = NetworkSharingConsent.objects.filter(organization=organization).first()
    if agree:
        if consent is None:
            return NetworkSharingConsent.objects.create(organization=organization, agreed_on=today, agreed_by=by)
        consent.agreed_on, consent.agreed_by, consent.withdrawn_on = today, by, None
        consent.save()
    elif consent is not None and consent.withdrawn_on is None:
        consent.withdrawn_on = today
        consent.save()
    return consent
