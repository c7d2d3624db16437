"""Public pages: who can be served region by region (table, map, CSV), the simulator, and the questionnaire."""

import csv

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from geography.models import Region

from .forms import ProfileForm
from .profile import answers_to_query, profile_clear_session, profile_from_session, profile_to_session
from .regions import GROUPS, STATUS_LABELS, csv_safe, region_map, region_table, simulate, simulation_totals
from .rulebook import rulebook_for_request
from .texts import engine_texts


class SimulatorForm(ProfileForm):
    on_date = forms.DateField(
        label=gettext_lazy("Date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("See the rules in force on another day. Format: YYYY-MM-DD."),
    )


def _region_names() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in Region.objects.order_by("code").only("code", "name_fr", "name_en")]


def _table(request):
    rulebook = rulebook_for_request(request)
    return rulebook, region_table(_region_names(), rulebook.current_rules, rulebook.on_date, engine_texts())


def regions(request):
    rulebook, rows = _table(request)
    boundaries = Region.objects.order_by("code").values_list("code", "name_fr", "boundary", "label_lat", "label_lon")
    names = dict(_region_names())
    map_data = region_map([(c, names.get(c, n), b, lat, lon) for c, n, b, lat, lon in boundaries])
    open_counts = {row.code: row for row in rows}
    context = {
        "rulebook": rulebook,
        "rows": rows,
        "groups": GROUPS,
        "map": map_data,
        "map_rows": [(shape, open_counts.get(shape.code)) for shape in map_data.shapes],
        "legend": range(sum(1 for g in GROUPS if not g.province_wide) + 1),
        "form": SimulatorForm(),
    }
    return render(request, "eligibility/regions.html", context)


def _csv_response(filename: str, header: list[str], lines: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets spreadsheet software detect UTF-8 (accents)
    writer = csv.writer(response)
    writer.writerow(header)
    for line in lines:
        writer.writerow([csv_safe(value) for value in line])
    return response


def regions_csv(request):
    rulebook, rows = _table(request)
    header = [_("Region code"), _("Region")] + [str(g.label) for g in GROUPS]
    header += [_("Groups accepted beyond the province-wide criteria"), _("Groups to confirm"), _("Rule set"), _("Date")]
    rule_set = rulebook.current.name if rulebook.current else ""
    lines = [
        [row.code, row.name]
        + [str(STATUS_LABELS[c.decision.status]) for c in row.cells]
        + [row.accepted, row.to_confirm, rule_set, rulebook.on_date.isoformat()]
        for row in rows
    ]
    return _csv_response("eligibility-regions.csv", header, lines)


def _simulation(request):
    form = SimulatorForm(request.GET if request.GET else None)
    if not form.is_bound or not form.is_valid():
        return form, None, None
    rulebook = rulebook_for_request(request, form.cleaned_data.get("on_date"))
    rows = simulate(
        form.answers(),
        _region_names(),
        rulebook.current_rules,
        rulebook.universal_rules,
        rulebook.on_date,
        engine_texts(),
    )
    return form, rulebook, rows


def simulator(request):
    form, rulebook, rows = _simulation(request)
    context = {"form": form, "rulebook": rulebook, "rows": rows, "status_labels": STATUS_LABELS}
    if rows is not None:
        context["totals"] = simulation_totals(rows)
        context["query"] = request.GET.urlencode()
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "eligibility/simulator.html", context, status=status)


def simulator_csv(request):
    form, rulebook, rows = _simulation(request)
    if rows is None:
        return simulator(request)
    header = [_("Region code"), _("Region")]
    for name in (_("Today's rules"), _("Universal access")):
        header += [
            _("%(rule_set)s: status") % {"rule_set": name},
            _("%(rule_set)s: reasons") % {"rule_set": name},
            _("%(rule_set)s: rule ids") % {"rule_set": name},
        ]
    lines = []
    for row in rows:
        line = [row.code, row.name]
        for decision in (row.current, row.universal):
            line += [str(STATUS_LABELS[decision.status]), " | ".join(decision.reasons), " ".join(decision.rule_ids)]
        lines.append(line)
    return _csv_response("eligibility-simulation.csv", header, lines)


def _safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return default


@require_http_methods(["GET", "POST"])
def questionnaire(request):
    """The finder's questionnaire: answers kept in the session only, forgotten on request."""
    next_url = _safe_next(request, request.path)
    if request.method == "POST" and "forget" in request.POST:
        profile_clear_session(request)
        messages.success(request, _("Your answers have been forgotten."))
        return redirect(next_url)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            profile_to_session(request, form.answers())
            messages.success(request, _("Your answers are saved for this visit only."))
            return redirect(next_url)
    else:
        form = ProfileForm(initial=ProfileForm.initial_from(profile_from_session(request)))
    has_profile = profile_from_session(request) is not None
    status = 400 if form.is_bound else 200
    return render(
        request,
        "eligibility/questionnaire.html",
        {"form": form, "next": next_url, "has_profile": has_profile},
        status=status,
    )


def simulator_query(answers) -> str:
    """A shareable simulator query string for a profile (used by the finder to link to the comparison)."""
    from urllib.parse import urlencode

    return urlencode(answers_to_query(answers))
