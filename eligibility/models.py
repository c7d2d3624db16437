"""Eligibility rules as data: rule sets (today's rules, universal access), their dated and sourced rules, and the
mandates organisations set for their own services. The engine (engine.py) reads them as plain dataclasses.

Every change is recorded by django-auditlog (registered at the bottom of this module).
"""

import datetime as dt

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization, Service
from geography.models import Region

from .engine import MandateData, RuleData, validate_condition
from .texts import condition_texts


class Outcome(models.TextChoices):
    ELIGIBLE = "eligible", _("eligible")
    TO_CONFIRM = "to_confirm", _("to confirm with the centre")


def _check_dates(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})


def _check_condition(condition: object) -> None:
    problems = validate_condition(condition, condition_texts())
    if problems:
        raise ValidationError({"condition": problems})


class RuleSet(models.Model):
    """A coherent set of rules: today's rules (possibly illustrative) or universal access."""

    class Kind(models.TextChoices):
        CURRENT = "current", _("today's rules")
        UNIVERSAL = "universal", _("universal access")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Shown with an “illustrative rules” label everywhere.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_dates(self.valid_from, self.valid_to)


class Rule(models.Model):
    """One criterion: who it covers (condition), what it grants (outcome), where, when, and on what authority."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("rule set"))
    slug = models.SlugField(
        _("identifier"), max_length=80, help_text=_("Stable identifier shown in explanations; never reuse one.")
    )
    label = models.CharField(_("label"), max_length=200)
    explanation = models.TextField(_("explanation"))
    source_title = models.CharField(_("source"), max_length=300, help_text=_("Document or decision"))
    source_url = models.URLField(_("source link"), blank=True)
    source_reference = models.CharField(_("source reference"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eligibility_rules",
        verbose_name=_("region"),
        help_text=_("Leave empty for a province-wide rule."),
    )
    condition = models.JSONField(
        _("condition"),
        default=dict,
        blank=True,
        help_text=_(
            'Who the rule covers, e.g. {"income_support": ["employment_insurance"]}. '
            "Questions: employment, income_support, status, career_change, disability, age. {} covers anyone."
        ),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.ELIGIBLE)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # When the rule last changed; the audit log keeps who changed what.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rule_set", "position", "slug"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "slug"], name="rule_slug_per_rule_set")]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return f"{self.slug} — {self.label}"

    def clean(self) -> None:
        _check_dates(self.valid_from, self.valid_to)
        _check_condition(self.condition)

    def to_data(self) -> RuleData:
        """The engine's view of this rule, texts in the active language."""
        return RuleData(
            id=self.slug,
            condition=self.condition,
            outcome=self.outcome,
            label=self.label,
            explanation=self.explanation,
            source=self.source_title + (f" — {self.source_reference}" if self.source_reference else ""),
            region=self.region_id,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )


class Mandate(models.Model):
    """The audience an organisation sets for itself or for one of its services (e.g. a youth centre: 16–35)."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("organisation")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("service"),
        help_text=_("Leave empty when the mandate covers all the organisation's services."),
    )
    label = models.CharField(_("label"), max_length=200, help_text=_("e.g. Young people aged 16 to 35"))
    condition = models.JSONField(_("condition"), default=dict, help_text=_('e.g. {"age": {"min": 16, "max": 35}}'))
    valid_from = models.DateField(_("valid from"), default=dt.date.today)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["organization", "slug"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        _check_dates(self.valid_from, self.valid_to)
        _check_condition(self.condition)
        if self.condition == {}:
            raise ValidationError({"condition": _("A mandate must say whom it is for.")})
        if self.service_id and self.organization_id and self.service.organization_id != self.organization_id:
            raise ValidationError({"service": _("This service belongs to another organisation.")})

    def to_data(self) -> MandateData:
        return MandateData(self.slug, self.condition, self.label, self.valid_from, self.valid_to)


auditlog.register(RuleSet)
auditlog.register(Rule)
auditlog.register(Mandate)
