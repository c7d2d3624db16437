"""The filters: one closed period of the fixed grid (a month, quarter or year) and an optional region (GET form).

No free date window can be asked for: two overlapping windows would give a small cell by subtraction.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .aggregates import Period
from .disclosure import GridPeriod, closed_periods, default_period, period_parse


def period_choices(today: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    groups = {"year": _("Years"), "quarter": _("Quarters"), "month": _("Months")}
    periods = closed_periods(today)
    return [(str(label), [(p.code, p.label()) for p in periods if p.kind == kind]) for kind, label in groups.items()]


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), required=False, help_text=_("Closed months, quarters and years only.")
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, data=None, *, regions: list[tuple[str, str]] = (), with_region: bool = True, today=None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.fields["period"].choices = period_choices(self.today)
        self.fields["period"].initial = default_period(self.today).code
        if with_region:
            self.fields["region"].choices = [("", _("All regions")), *regions]
        else:
            del self.fields["region"]


def period_from(form: PeriodForm) -> tuple[GridPeriod, str]:
    """The chosen closed period and region, or the last closed quarter (all regions) when empty or invalid."""
    data = form.cleaned_data if form.is_valid() else {}
    period = period_parse(data.get("period")) or default_period(form.today)
    return period, data.get("region") or ""


def query_period(period: GridPeriod, region: str = "") -> Period:
    return Period(start=period.start, end=period.end, region=region)
