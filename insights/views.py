"""Insights pages: the network dashboard, its printable summary and CSV, each centre's own figures, and the public
page on what we record. Thin views: parse the period, build the report (insights/reports.py), render."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eligibility.regions import csv_safe

from .access import centre_member_required, network_reader_required, readable_centre_ids
from .disclosure import BASE, threshold
from .forms import PeriodForm, period_from
from .reports import centre_report, evidence_report, network_report, region_names
from .tables import csv_rows


def _network(request: HttpRequest):
    regions = region_names()
    form = PeriodForm(request.GET or None, regions=regions)
    period, region = period_from(form)
    return form, network_report(period, region)


def _context(request: HttpRequest, form, report, **extra) -> dict:
    return {"form": form, "report": report, "minimum": threshold(), "base": BASE, "query": request.GET.urlencode(),
            **extra}  # fmt: skip


@network_reader_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, report = _network(request)
    return render(request, "insights/dashboard.html", _context(request, form, report))


@network_reader_required
def summary(request: HttpRequest) -> HttpResponse:
    form, report = _network(request)
    return render(request, "insights/summary.html", _context(request, form, report))


def _csv(filename: str, tables, *, sample: bool = False) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    # Every line says whether its figure is built from sample (generated) data: 1 = sample data, not real searches.
    writer.writerow(["table", "row", "column", "value", "suppressed", "rounding_base", "sample_data"])
    for line in csv_rows(tables):
        writer.writerow([csv_safe(value) for value in line] + [1 if sample else 0])
    return response


@network_reader_required
def export(request: HttpRequest) -> HttpResponse:
    _form, report = _network(request)
    return _csv("insights.csv", report.tables, sample=report.has_sample)


def _centre(request: HttpRequest):
    form = PeriodForm(request.GET or None, with_region=False)
    period, _region = period_from(form)
    return form, centre_report(period, readable_centre_ids(request.user))


@centre_member_required
def centre(request: HttpRequest) -> HttpResponse:
    form, report = _centre(request)
    return render(request, "insights/centre.html", _context(request, form, report))


@centre_member_required
def centre_export(request: HttpRequest) -> HttpResponse:
    _form, report = _centre(request)
    return _csv("centre-insights.csv", report.tables, sample=report.has_sample)


def _evidence(request: HttpRequest):
    form = PeriodForm(request.GET or None, with_region=False)
    period, _region = period_from(form)
    return form, evidence_report(period)


def evidence(request: HttpRequest, printable: bool = False) -> HttpResponse:
    """Public (no login): the association's evidence, closed periods only, protected like every published figure."""
    form, report = _evidence(request)
    context = _context(request, form, report, printable=printable)
    return render(request, "insights/evidence.html", context)


def evidence_export(request: HttpRequest) -> HttpResponse:
    _form, report = _evidence(request)
    return _csv(f"evidence-{report.period.code}.csv", report.tables, sample=report.has_sample)


def what_we_record(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/what_we_record.html", {"minimum": threshold(), "base": BASE})
