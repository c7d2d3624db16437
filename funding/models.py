"""Time records of centre staff and the funding parameters that turn them into the forfait-versus-real-cost report.

Minutes are the unit everywhere (integers, no rounding drift). Client interventions carry a pseudonymous client code,
never a name. Every model is registered with django-auditlog (see apps.py), so corrections keep who, when, old → new.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization

# Letters (at most three in a row, so no name fits) then digits, hyphen-separated: C-2026-0042, JR-118, S2026-7.
CLIENT_CODE_RE = re.compile(r"^[A-Z]{1,3}-?[0-9]{2,8}(-[0-9]{1,8}){0,2}$")
MAX_MINUTES_PER_RECORD = 7 * 24 * 60  # a weekly aggregate can reach a full week, never more


def client_code_normalise(value: str) -> str:
    return (value or "").strip().upper()


def validate_client_code(value: str) -> None:
    if not CLIENT_CODE_RE.fullmatch(client_code_normalise(value)):
        raise ValidationError(
            _("A client code is letters then digits, such as C-2026-0042. Never write a name."), code="client_code"
        )


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class ServiceType(models.Model):
    """A service type of the funding framework (editable list)."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return self.name


class PeripheralCategory(models.Model):
    """Essential work that is not a client intervention; network administrators may add categories."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("peripheral work category")
        verbose_name_plural = _("peripheral work categories")

    def __str__(self) -> str:
        return self.name


class Category(models.TextChoices):
    CLIENT = "client_intervention", _("client intervention")
    RETENTION = "job_retention", _("job-retention follow-up")
    PERIPHERAL = "peripheral", _("peripheral work")


class Milestone(models.IntegerChoices):
    ONE = 1, _("1 month")
    THREE = 3, _("3 months")
    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")


class TimeRecord(models.Model):
    """Minutes of work by one staff member on one day (or one week, for aggregated imports) in one category."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="time_records")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_records")
    date = models.DateField(_("date"))
    month = models.DateField(editable=False, help_text="First day of the month of `date` (report grouping)")
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES_PER_RECORD)]
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    client_code = models.CharField(_("client code"), max_length=20, blank=True)
    service_type = models.ForeignKey(
        ServiceType, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("service type")
    )
    job_start_date = models.DateField(_("job start date"), null=True, blank=True)
    milestone = models.PositiveSmallIntegerField(_("follow-up"), null=True, blank=True, choices=Milestone.choices)
    peripheral_category = models.ForeignKey(
        PeripheralCategory, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("peripheral category")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["organization", "staff", "date"], name="timerecord_org_staff_date"),
            # Covering index of the report query, in its GROUP BY order: SQLite groups without a temporary b-tree
            # and without reading the table; a span of months is a seek per centre (skip-scan after ANALYZE).
            models.Index(
                fields=["organization", "month", "category", "service_type", "peripheral_category", "date", "minutes"],
                name="timerecord_report_grouped",
            ),
        ]
        verbose_name = _("time record")
        verbose_name_plural = _("time records")

    def __str__(self) -> str:
        return f"{self.date} {self.category} {self.minutes} min"

    def save(self, *args, **kwargs):
        self.month = month_of(self.date)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.client_code = client_code_normalise(self.client_code)
        errors = timerecord_errors(
            category=self.category,
            client_code=self.client_code,
            has_service_type=self.service_type_id is not None,
            job_start_date=self.job_start_date,
            milestone=self.milestone,
            has_peripheral=self.peripheral_category_id is not None,
        )
        if errors:
            raise ValidationError(errors)


def timerecord_errors(
    *,
    category: str,
    client_code: str,
    has_service_type: bool,
    job_start_date: datetime.date | None,
    milestone: int | None,
    has_peripheral: bool,
) -> dict[str, str]:
    """What is missing or wrong for this category (field → message). Shared by forms and the CSV import."""
    errors: dict[str, str] = {}
    if category in (Category.CLIENT, Category.RETENTION):
        if not client_code:
            errors["client_code"] = _("A client code is required.")
        elif not CLIENT_CODE_RE.fullmatch(client_code):
            errors["client_code"] = _("A client code is letters then digits, such as C-2026-0042. Never write a name.")
    if category == Category.CLIENT and not has_service_type:
        errors["service_type"] = _("Choose the service type.")
    if category == Category.RETENTION:
        if job_start_date is None:
            errors["job_start_date"] = _("The job start date is required.")
        if milestone not in Milestone.values:
            errors["milestone"] = _("Choose the follow-up: 1, 3, 6 or 12 months.")
    if category == Category.PERIPHERAL and not has_peripheral:
        errors["peripheral_category"] = _("Choose the peripheral work category.")
    if category not in Category.values:
        errors["category"] = _("Unknown category.")
    return errors


class ReportingPeriod(models.Model):
    """A span of dates a centre reports on. Closed periods refuse new records; only a manager reopens one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="reporting_periods")
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_order")]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"


class FundingParameters(models.Model):
    """One programme's funding agreement for a centre, valid over a span of dates. Amounts are annual."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="funding_parameters")
    programme = models.CharField(_("programme"), max_length=120)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: still valid"))
    recognised_service_types = models.ManyToManyField(
        ServiceType, blank=True, verbose_name=_("service types recognised")
    )
    hours_per_participant = models.DecimalField(_("recognised hours per participant"), max_digits=7, decimal_places=2)
    hourly_rate = models.DecimalField(
        _("hourly rate of the framework ($)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    rate_min = models.DecimalField(_("cost range, low ($/h)"), max_digits=8, decimal_places=2, null=True, blank=True)
    rate_max = models.DecimalField(_("cost range, high ($/h)"), max_digits=8, decimal_places=2, null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants funded per year"))
    real_hourly_cost = models.DecimalField(
        _("real hourly cost of the team ($/h)"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Salaries and overhead divided by paid hours"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["organization", "programme", "-valid_from"]
        verbose_name = _("funding parameters")
        verbose_name_plural = _("funding parameters")

    def __str__(self) -> str:
        return f"{self.programme} ({self.valid_from} – {self.valid_to or '…'})"

    def clean(self) -> None:
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end must come after the start.")})
        if self.hourly_rate is None and (self.rate_min is None or self.rate_max is None):
            raise ValidationError(_("Give the hourly rate, or both ends of the cost range."))
        if self.rate_min is not None and self.rate_max is not None and self.rate_max < self.rate_min:
            raise ValidationError({"rate_max": _("The high end must not be below the low end.")})


class NetworkSharingConsent(models.Model):
    """A centre's agreement to have its figures combined into regional and network totals."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="sharing_consent")
    agreed_on = models.DateField(_("agreed on"))
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to share in network figures")
        verbose_name_plural = _("consents to share in network figures")

    def __str__(self) -> str:
        return f"{self.organization} ({self.agreed_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
