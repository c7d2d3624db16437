"""Forms of the funding pages (input parsing only; the work happens in records.py and queries.py)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FundingParameters, ReportingPeriod, ServiceType, TimeRecord


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    following = datetime.date(day.year + (first_month == 10), first_month % 12 + 3 if first_month < 10 else 1, 1)
    return start, following - datetime.timedelta(days=1)


FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


class SaneDates:
    """Every date of the form between 2000 and 2100: a year 9999 is a typing slip, and would overflow date arithmetic.

    Mixed into every funding form with dates; an out-of-range date is a form error (the page answers 400)."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, datetime.date) and not FIRST_DAY <= value <= LAST_DAY:
                self.add_error(name, _("Enter a date between 2000 and 2100."))
        return self.cleaned_data


class PeriodForm(SaneDates, forms.Form):
    start = forms.DateField(label=_("First day"), widget=DateInput())
    end = forms.DateField(label=_("Last day"), widget=DateInput())

    MAX_DAYS = 366 * 5

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The last day must come after the first day."))
            if (end - start).days > self.MAX_DAYS:
                raise forms.ValidationError(_("A report covers at most five years."))
        return data


def period_from(query) -> tuple[PeriodForm, datetime.date, datetime.date]:
    """The period asked for in the query string, or the current quarter when absent or invalid."""
    default_start, default_end = quarter_of(timezone.localdate())
    if "start" not in query:
        form = PeriodForm(initial={"start": default_start, "end": default_end})
        return form, default_start, default_end
    form = PeriodForm(query)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default_start, default_end


class TimeRecordForm(SaneDates, forms.ModelForm):
    class Meta:
        model = TimeRecord
        fields = [
            "date",
            "minutes",
            "category",
            "client_code",
            "service_type",
            "job_start_date",
            "milestone",
            "peripheral_category",
        ]
        widgets = {"date": DateInput(), "job_start_date": DateInput()}


class ReportingPeriodForm(SaneDates, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The last day must come after the first day."))
        return data


class FundingParametersForm(SaneDates, forms.ModelForm):
    recognised_service_types = forms.ModelMultipleChoiceField(
        queryset=ServiceType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Service types recognised"),
    )

    class Meta:
        model = FundingParameters
        fields = [
            "programme",
            "valid_from",
            "valid_to",
            "recognised_service_types",
            "hours_per_participant",
            "hourly_rate",
            "rate_min",
            "rate_max",
            "participants",
            "real_hourly_cost",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class ImportForm(SaneDates, forms.Form):
    start = forms.DateField(label=_("First day of the period"), widget=DateInput())
    end = forms.DateField(label=_("Last day of the period"), widget=DateInput())
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, header row required, at most 2 MB"))

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; split it by period."))
        return upload

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The last day must come after the first day."))
        return data
