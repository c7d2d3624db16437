"""Staff pages for recording time: the weekly grid, single records with their history, CSV import, periods,
follow-ups, funding parameters and consent. Every view goes through ``staff_required`` + ``organization_for``."""

import datetime

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership

from . import entry, records
from .access import is_network_reader, organization_for, staff_required, user_organizations
from .forms import FIRST_DAY, LAST_DAY, FundingParametersForm, ImportForm, ReportingPeriodForm, TimeRecordForm
from .imports import csv_parse
from .models import (
    Category,
    FundingParameters,
    NetworkSharingConsent,
    PeripheralCategory,
    ReportingPeriod,
    ServiceType,
    TimeRecord,
)

MAX_GRID_ROWS = 200


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funding/index.html",
        {"organizations": user_organizations(request.user), "network_reader": is_network_reader(request.user)},
    )


def _monday_from(request: HttpRequest) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    if not FIRST_DAY <= day <= LAST_DAY:  # year 9999: its week would run past the last date Python knows
        day = timezone.localdate()
    return entry.week_start(day)


@staff_required
def week(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    monday = _monday_from(request) if request.method == "GET" else _monday_from_post(request)
    peripheral = list(PeripheralCategory.objects.filter(is_active=True))
    service_types = list(ServiceType.objects.filter(is_active=True))
    status = 200
    if request.method == "POST":
        try:
            row_count = min(int(request.POST.get("rows", "0")), MAX_GRID_ROWS)
        except ValueError:
            row_count = 0
        rows, wanted = entry.grid_parse(
            request.POST,
            row_count,
            peripheral_ids={p.pk for p in PeripheralCategory.objects.all()},
            service_type_ids={s.pk for s in ServiceType.objects.all()},
        )
        if not any(row.errors for row in rows):
            try:
                changes = records.week_save(organization=organization, staff=request.user, monday=monday, wanted=wanted)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(f"{request.path}?week={monday.isoformat()}")
            messages.success(request, _("Week saved (%(count)s changes).") % {"count": changes})
            return redirect(f"{request.path}?week={monday.isoformat()}")
        status = 400
    else:
        existing: dict[entry.RowKey, list[int]] = {}
        for record in records.week_records(organization=organization, staff=request.user, monday=monday):
            existing.setdefault(records.record_key(record), [0] * 7)[record.date.weekday()] += record.minutes
        rows = entry.grid_rows(existing, [p.pk for p in peripheral])
    names = {p.pk: p.name for p in PeripheralCategory.objects.all()}
    for row in rows:
        kind = row.raw.get("kind", "")
        pid = kind.removeprefix("peripheral:")
        row.label = names.get(int(pid), "") if kind.startswith("peripheral:") and pid.isdigit() else ""
    days = entry.week_days(monday)
    for row in rows:
        row.pairs = list(zip(days, row.cells, strict=True))
    context = {
        "organization": organization,
        "monday": monday,
        "days": days,
        "rows": rows,
        "row_count": len(rows),
        "service_types": service_types,
        "milestones": entry.Milestone.choices,
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "closed": bool(records.closed_days(organization, days[0], days[-1])),
        "has_errors": status == 400,
    }
    return render(request, "funding/week.html", context, status=status)


def _monday_from_post(request: HttpRequest) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.POST.get("week", ""))
    except ValueError:
        raise Http404 from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Http404
    return entry.week_start(day)


@staff_required
@require_POST
def week_copy(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    monday = _monday_from_post(request)
    try:
        count = records.week_copy_previous(organization=organization, staff=request.user, monday=monday)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)s records copied from last week.") % {"count": count})
    return redirect(f"{_url('funding:week', org_id)}?week={monday.isoformat()}")


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _is_manager(request: HttpRequest, organization) -> bool:
    return records.is_manager(request.user, organization)


@staff_required
def record_list(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    qs = TimeRecord.objects.filter(organization=organization).select_related(
        "staff", "service_type", "peripheral_category"
    )
    if not _is_manager(request, organization):
        qs = qs.filter(staff=request.user)
    monday = _monday_from(request)
    qs = qs.filter(date__gte=monday - datetime.timedelta(days=28), date__lte=monday + datetime.timedelta(days=6))
    context = {"organization": organization, "records": qs.order_by("-date", "id")[:500], "monday": monday}
    return render(request, "funding/record_list.html", context)


def _record_for(request: HttpRequest, organization, pk: int) -> TimeRecord:
    record = get_object_or_404(TimeRecord, pk=pk, organization=organization)
    if record.staff_id != request.user.pk and not _is_manager(request, organization):
        raise Http404
    return record


@staff_required
def record_edit(request: HttpRequest, org_id: int, pk: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    record = _record_for(request, organization, pk)
    original_date = record.date
    form = TimeRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        days = {original_date, form.cleaned_data["date"]}
        day = form.cleaned_data["date"]
        others = records.recorded_minutes([record.staff_id], day, day, exclude_ids=[record.pk])
        total = others.get((record.staff_id, day), 0) + form.cleaned_data["minutes"]
        if any(records.closed_days(organization, d, d) for d in days):
            form.add_error(None, _("This record is in a closed reporting period; ask a manager to reopen it."))
        elif total > records.MAX_MINUTES_PER_DAY:
            form.add_error("minutes", records.day_limit_message(day, total))
        else:
            form.save()
            messages.success(request, _("Correction saved. The history below keeps the previous values."))
            return redirect("funding:record_edit", org_id, pk)
    history = LogEntry.objects.get_for_object(record).select_related("actor").order_by("-timestamp")
    context = {"organization": organization, "record": record, "form": form, "history": history}
    return render(request, "funding/record_edit.html", context, status=400 if form.errors else 200)


@staff_required
def record_import(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    imported = 0
    if request.method == "POST" and form.is_valid():
        members = Membership.objects.filter(organization=organization).select_related("user")
        if _is_manager(request, organization):
            users = {m.user.email.lower(): m.user for m in members}
        else:
            users = {request.user.email.lower(): request.user}
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        result = csv_parse(
            form.cleaned_data["file"].read(),
            start=start,
            end=end,
            service_types=dict(ServiceType.objects.values_list("slug", "pk")),
            peripheral_categories=dict(PeripheralCategory.objects.values_list("slug", "pk")),
            staff_emails=set(users),
            default_email=request.user.email.lower(),
            closed_days=records.closed_days(organization, start, end),
        )
        if not result.error:
            records.import_day_limits(result, users)
            imported = records.timerecords_import(organization=organization, result=result, emails_to_users=users)
    context = {"organization": organization, "form": form, "result": result, "imported": imported}
    status = 400 if (form.errors or (result and result.error)) else 200
    return render(request, "funding/import.html", context, status=status)


@staff_required
def periods(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    is_manager = _is_manager(request, organization)
    form = ReportingPeriodForm(request.POST or None)
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied
        if form.is_valid():
            form.instance.organization = organization
            form.save()
            messages.success(request, _("Reporting period added."))
            return redirect("funding:periods", org_id)
    context = {
        "organization": organization,
        "periods": ReportingPeriod.objects.filter(organization=organization).select_related("reopened_by", "closed_by"),
        "form": form,
        "is_manager": is_manager,
    }
    return render(request, "funding/periods.html", context, status=400 if form.errors else 200)


@staff_required
@require_POST
def period_change(request: HttpRequest, org_id: int, pk: int, action: str) -> HttpResponse:
    organization = organization_for(request, org_id, manager=True)
    period = get_object_or_404(ReportingPeriod, pk=pk, organization=organization)
    if action == "close":
        records.period_close(period=period, by=request.user)
        messages.success(request, _("Period closed."))
    else:
        records.period_reopen(period=period, by=request.user)
        messages.success(request, _("Period reopened; the reopening is recorded."))
    return redirect("funding:periods", org_id)


@staff_required
def followups(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    retention = TimeRecord.objects.filter(organization=organization, category=Category.RETENTION)
    placements = set(retention.values_list("client_code", "job_start_date"))
    done = set(retention.values_list("client_code", "job_start_date", "milestone"))
    today = timezone.localdate()
    due = entry.followups_due(placements, done, today)
    return render(request, "funding/followups.html", {"organization": organization, "due": due, "today": today})


@staff_required
def parameters(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id)
    is_manager = _is_manager(request, organization)
    form = FundingParametersForm(request.POST or None)
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied
        form.instance.organization = organization
        if form.is_valid():
            form.save()
            messages.success(request, _("Funding parameters saved."))
            return redirect("funding:parameters", org_id)
    versions = FundingParameters.objects.filter(organization=organization).prefetch_related("recognised_service_types")
    consent = NetworkSharingConsent.objects.filter(organization=organization).first()
    context = {
        "organization": organization,
        "versions": versions,
        "form": form,
        "is_manager": is_manager,
        "consent": consent,
    }
    return render(request, "funding/parameters.html", context, status=400 if form.errors else 200)


@staff_required
@require_POST
def consent(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for(request, org_id, manager=True)
    agree = request.POST.get("agree") == "yes"
    records.consent_set(organization=organization, by=request.user, agree=agree)
    if agree:
        messages.success(request, _("Your centre's figures will be combined into network figures."))
    else:
        messages.success(request, _("Your centre's figures are no longer combined into network figures."))
    return redirect("funding:parameters", org_id)
