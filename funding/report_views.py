"""Report pages: one centre's report (its own staff only) and the network report (association staff only; only
centres that agreed to share; closed months, quarters and years of the fixed grid only; a cell is shown only under
the dominance rule of insights/disclosure.py). HTML, CSV, XLSX, print layout."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import queries
from .access import network_reader_required, organization_for, staff_required
from .charts import table_svg
from .exports import tables_csv, tables_xlsx
from .forms import period_from, quarter_of
from .tables import region_table, report_tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _presets(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    this_start, this_end = quarter_of(today)
    last_start, last_end = quarter_of(this_start - datetime.timedelta(days=1))
    return [
        (_("This quarter"), this_start, this_end),
        (_("Last quarter"), last_start, last_end),
        (_("This year"), datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)),
        (_("Last year"), datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)),
    ]


def _download(tables, heading: list[str], fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(tables_csv(tables, heading), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(tables_xlsx(tables, heading), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _render(request, template: str, context: dict, tables, status: int) -> HttpResponse:
    from django.utils import timezone
    from django.utils.safestring import mark_safe

    context["tables"] = [(t, mark_safe(table_svg(t))) for t in tables]  # noqa: S308 - labels escaped in table_svg
    context["presets"] = _presets(timezone.localdate())
    return render(request, template, context, status=status)


@staff_required
def centre_report(request: HttpRequest, org_id: int, fmt: str = "html") -> HttpResponse:
    organization = organization_for(request, org_id)
    form, start, end = period_from(request.GET)
    figures = queries.centre_figures_for(organization.pk, start, end)
    tables = report_tables(figures, queries.category_labels())
    heading = [
        _("Funding report: %(centre)s") % {"centre": organization.name},
        _("Period: %(start)s to %(end)s") % {"start": start.isoformat(), "end": end.isoformat()},
    ]
    if organization.is_sample:
        heading.append(_("Sample data: fictional figures for demonstration."))
    if fmt != "html":
        return _download(tables, heading, fmt, f"funding-{organization.slug}-{start}-{end}")
    context = {"organization": organization, "form": form, "start": start, "end": end, "heading": heading}
    return _render(request, "funding/report.html", context, tables, 400 if form.errors else 200)


@network_reader_required
def network_report(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    from insights.forms import PeriodForm
    from insights.forms import period_from as grid_period_from

    form = PeriodForm(request.GET or None, with_region=False)
    period, _region = grid_period_from(form)
    start, end = period.start, period.end
    network, regions = queries.network_figures(start, end)
    tables = report_tables(network.figures, queries.category_labels(), aggregate=network)
    tables.append(region_table(regions))
    heading = [
        _("Network funding report"),
        _("Period: %(period)s (%(start)s to %(end)s)")
        % {"period": period.label(), "start": start.isoformat(), "end": end.isoformat()},
        _(
            "Centres that agreed to share: %(count)s. A figure is shown only when at least 3 centres contribute to it "
            "and no single centre makes up more than 70 %% of it."
        )
        % {"count": network.centres},
    ]
    if queries.any_sample(queries.sharing_org_ids(end)):
        heading.append(_("Sample data: fictional figures for demonstration."))
    if fmt != "html":
        return _download(tables, heading, fmt, f"funding-network-{period.code}")
    context = {"form": form, "start": start, "end": end, "heading": heading, "network": network, "grid": True,
               "period_code": period.code}  # fmt: skip
    return _render(request, "funding/network_report.html", context, tables, 200)
