"""Anonymous events for the network's strategic watch. No personal data, no full postal code, no typed text.

Nothing here can be linked back to a person, a request or another event (see insights/README.md):
- every event's id is a random number, so ids do not keep the order in which events were written;
- the only date kept is the calendar month (coarser than the week: the published grid's unit is the month);
- a search keeps the region and FSA (first three characters) of where the person searched from, the clientèles asked
  for, how many results, and the eligibility outcome as counts per status (today's rules, universal access);
- the centres shown in a search's results are not kept per search: each centre has a monthly counter;
- a contact request's event is updated through a random token that the request also holds until its personal data
  is purged, when both copies are erased; its delay to the first contact is kept as a band, never as a time.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization


def random_id() -> int:
    """A random positive 62-bit id: two events' ids say nothing about which came first."""
    return secrets.randbits(62) + 1


class SearchEvent(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    month = models.DateField(help_text="First day of the calendar month of the search")
    region_code = models.CharField(max_length=2, blank=True, db_index=True)
    fsa = models.CharField(max_length=3, blank=True)
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
            models.Index(fields=["month", "region_code", "unmet", "result_count"], name="search_month_cover"),
        ]
        verbose_name = _("search event")
        verbose_name_plural = _("search events")


class ImpressionCount(models.Model):
    """How many searches showed a centre in their results, per month: a counter, not one row per search."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="one_impression_count")]


class ContactEvent(models.Model):
    """A contact request's life, without the person: which centre, where, which month, how it ended, how fast."""

    class Delay(models.TextChoices):
        DAY = "day", _("within one day")
        TWO_DAYS = "two_days", _("within two days")
        WEEK = "week", _("within a week")
        LONGER = "longer", _("more than a week")

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    token = models.CharField(
        max_length=32, unique=True, null=True, blank=True,
        help_text="Random; the request holds the same token until its personal data is purged, then both are erased",
    )  # fmt: skip
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(max_length=2, blank=True, db_index=True)
    month = models.DateField()
    status = models.CharField(max_length=20, default="new")
    delay = models.CharField(max_length=10, blank=True, choices=Delay.choices)
    is_sample = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["organization", "month"], name="contact_org_month")]


class GuideReadEvent(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    month = models.DateField()
    guide_slug = models.SlugField(max_length=120)
    language = models.CharField(max_length=2)
    is_sample = models.BooleanField(default=False)


class MonthlyAggregate(models.Model):
    """What remains of events older than the retention period: counts per month, region and measure.

    Measures (see insights/folding.py): searches, unmet, zero_result (key FSA), clientele and unmet_clientele (key
    slug), contact_status (key status), contact_delay (key band), and per centre centre_contact_status
    ("id:status") and centre_contact_delay ("id:band"). No cell below the publication threshold is kept: small cells
    are merged into a coarser one, or dropped when even that stays small (insights/folding.py).
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


class DisclosureKey(models.Model):
    """The secret that seeds the random rounding of published counts (one row, made once, never shown)."""

    key = models.CharField(max_length=64)


class VisitCount(models.Model):
    """Where visits come from, per month: a counter per source and key, never one row per visit (insights/visits.py).

    Sources: direct, search_engine (key: the engine's name), site (key: the referring host), embed (a result followed
    from the embedded finder; key: the partner's host), poster and card (key: the campaign tag), share; and, beside
    the landings, embed_shown and embed_search (the embedded finder shown on, and searched from, a partner's site).
    """

    month = models.DateField()
    source = models.CharField(max_length=20)
    key = models.CharField(max_length=120, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "source", "key"], name="one_visit_count")]
        verbose_name = _("visit count")
        verbose_name_plural = _("visit counts")
