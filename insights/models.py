"""Anonymous events for the network's strategic watch. No personal data, no full postal code, no typed text.

A search keeps: the day, the region and FSA (first three characters) of where the person searched from, the
clientèles asked for, how many results, and the eligibility outcome as counts per status under today's rules and under
universal access. Nothing links two events to each other or to a person.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization


class SearchEvent(models.Model):
    day = models.DateField(db_index=True)
    region_code = models.CharField(max_length=2, blank=True, db_index=True)
    fsa = models.CharField(max_length=3, blank=True)
    precision = models.CharField(max_length=16, blank=True)
    clienteles = models.CharField(max_length=400, blank=True, help_text="Comma-separated clientèle slugs")
    result_count = models.PositiveSmallIntegerField(default=0)
    eligible_today = models.PositiveSmallIntegerField(default=0)
    to_confirm_today = models.PositiveSmallIntegerField(default=0)
    not_eligible_today = models.PositiveSmallIntegerField(default=0)
    eligible_universal = models.PositiveSmallIntegerField(default=0)
    unmet = models.BooleanField(
        default=False, help_text="No result could serve the person today, but some would under universal access"
    )
    is_sample = models.BooleanField(default=False)

    class Meta:
        # Covering index: the dashboard's grouped counts over a period read it without touching the table.
        indexes = [
            models.Index(fields=["day", "region_code", "unmet", "result_count"], name="search_day_cover"),
        ]
        verbose_name = _("search event")
        verbose_name_plural = _("search events")


class SearchImpression(models.Model):
    """One organisation shown in one search's results (for each centre's own figures)."""

    event = models.ForeignKey(SearchEvent, on_delete=models.CASCADE, related_name="impressions")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["organization", "day"], name="impression_org_day")]


class ContactEvent(models.Model):
    """A contact request's life, without the person: where, when, how it ended and how fast."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(max_length=2, blank=True, db_index=True)
    day = models.DateField(db_index=True)
    status = models.CharField(max_length=20, default="new")
    hours_to_first_contact = models.FloatField(null=True, blank=True)
    is_sample = models.BooleanField(default=False)
    request_key = models.CharField(max_length=64, unique=True, help_text="Keyed hash of the request id, not reversible")

    class Meta:
        indexes = [models.Index(fields=["organization", "day"], name="contact_org_day")]


class GuideReadEvent(models.Model):
    day = models.DateField(db_index=True)
    guide_slug = models.SlugField(max_length=120)
    language = models.CharField(max_length=2)
    is_sample = models.BooleanField(default=False)


class MonthlyAggregate(models.Model):
    """What remains of events older than the retention period: counts per month, region and measure.

    Measures (see insights/folding.py): searches, unmet, zero_result (key FSA), clientele and unmet_clientele (key
    slug), contact_status (key status), contact_hours (key whole hours to first contact), and per centre
    centre_impressions (key organisation id), centre_contact_status ("id:status"), centre_contact_hours ("id:hours").
    """

    month = models.DateField()
    region_code = models.CharField(max_length=2, blank=True)
    measure = models.CharField(max_length=40)
    key = models.CharField(max_length=120, blank=True)
    count = models.PositiveIntegerField(default=0)
    is_sample = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region_code", "measure", "key", "is_sample"], name="one_aggregate_per_cell"
            )
        ]
        indexes = [models.Index(fields=["measure", "month"], name="aggregate_measure_month")]
