"""Insights pages: the network dashboard, its printable summary and CSV, each centre's own figures, and the public
page on what we record. Thin views: parse the period, build the report (insights/reports.py), render."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from eligibility.regions import csv_safe

from .access import centre_member_required, network_reader_required, readable_centre_ids
from .forms import PeriodForm, default_months, period_from
from .reports import centre_report, network_report, region_names
from .suppression import threshold
from .tables import csv_rows


def _network(request: HttpRequest):
    regions = region_names()
    form = PeriodForm(request.GET or None, regions=regions)
    return form, network_report(period_from(form))


def _context(request: HttpRequest, form, report, **extra) -> dict:
    start, end = default_months(timezone.localdate())
    return {
        "form": form,
        "report": report,
        "minimum": threshold(),
        "query": request.GET.urlencode(),
        "default_start": start,
        "default_end": end,
        **extra,
    }


@network_reader_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, report = _network(request)
    return render(request, "insights/dashboard.html", _context(request, form, report))


@network_reader_required
def summary(request: HttpRequest) -> HttpResponse:
    form, report = _network(request)
    return render(request, "insights/summary.html", _context(request, form, report))


def _csv(filename: str, tables) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["table", "row", "column", "value", "suppressed"])
    for line in csv_rows(tables):
        writer.writerow([csv_safe(value) for value in line])
    return response


@network_reader_required
def export(request: HttpRequest) -> HttpResponse:
    _form, report = _network(request)
    return _csv("insights.csv", report.tables)


def _centre(request: HttpRequest):
    form = PeriodForm(request.GET or None, with_region=False)
    return form, centre_report(period_from(form), readable_centre_ids(request.user))


@centre_member_required
def centre(request: HttpRequest) -> HttpResponse:
    form, report = _centre(request)
    return render(request, "insights/centre.html", _context(request, form, report))


@centre_member_required
def centre_export(request: HttpRequest) -> HttpResponse:
    _form, report = _centre(request)
    return _csv("centre-insights.csv", report.tables)


def what_we_record(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/what_we_record.html", {"minimum": threshold()})
