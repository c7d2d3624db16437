"""The dashboard's filters: a period in whole months and an optional region (a GET form)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .aggregates import Period

MAX_MONTHS = 60
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> dt.date | None:
    match = _MONTH.match((value or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


def default_months(today: dt.date) -> tuple[str, str]:
    first = dt.date(today.year - 1, today.month, 1)
    first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first.strftime("%Y-%m"), today.strftime("%Y-%m")


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}", "placeholder": "2026-01"})

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-01."), code="month")
        return month


class PeriodForm(forms.Form):
    start = MonthField(label=_("From (month)"), required=False, help_text=_("Format: YYYY-MM."))
    end = MonthField(label=_("To (month)"), required=False, help_text=_("Format: YYYY-MM."))
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, data=None, *, regions: list[tuple[str, str]] = (), with_region: bool = True):
        super().__init__(data)
        if with_region:
            self.fields["region"].choices = [("", _("All regions")), *regions]
        else:
            del self.fields["region"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first month must come before the last one."), code="order")
        if start and end and (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise forms.ValidationError(_("Choose a period of at most 60 months."), code="span")
        return data


def period_from(form: PeriodForm, today: dt.date | None = None) -> Period:
    """The chosen period, or the last twelve months when the form is empty or invalid."""
    today = today or timezone.localdate()
    default_start, default_end = (parse_month(m) for m in default_months(today))
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("start") or default_start
    end = data.get("end") or default_end
    if start > end:
        start, end = default_start, default_end
    last_day = dt.date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
    return Period(start=start, end=last_day, region=data.get("region") or "")
