"""The directory, modelled on Open Referral HSDS 3.x (organization, service, location, service_at_location…).

Québec additions: the region of each location, the clientèles (target groups) each service serves and the kinds of
employment services offered. Text shown to the public has French and English columns (see translation.py).
"""

import uuid as uuid_lib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Cast, Round
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from geography.models import Municipality, Region


# HSDS 3.0 identifiers: every record HSDS names carries a UUID that never changes (slugs and integer keys stay for
# URLs and joins). Given at creation, kept across edits, exports and re-imports.
def hsds_uuid_field() -> models.UUIDField:
    return models.UUIDField("UUID", default=uuid_lib.uuid4, unique=True, editable=False)


# Taxonomy terms (clientèles, kinds of service) get a UUID derived from their slug, so the same term has the same
# HSDS id in every database that loads data/directory/taxonomy.json (exports from two sites agree, round trips too).
TERM_NAMESPACE = uuid_lib.UUID("a23f00a0-7bd4-5584-9e1c-65dbbe7b81e7")


def term_uuid(kind: str, slug: str) -> uuid_lib.UUID:
    """kind: "clientele" or "kind"."""
    return uuid_lib.uuid5(TERM_NAMESPACE, f"{kind}:{slug}")


def hsds_extra_field() -> models.JSONField:
    """What an HSDS import carried that has no column here (contacts, programs, funding, cost options, required
    documents, organisation identifiers, metadata, other publishers' attributes, unmodelled properties), kept
    verbatim per language ({"fr": {...}, "en": {...}}) and published again by the HSDS export."""
    return models.JSONField(default=dict, blank=True, editable=False)


# A service point's clientèles are a bit mask in a 64-bit signed integer: one bit each, the sign bit unused.
MAX_CLIENTELES = 63


class Clientele(models.Model):
    """A target group a service is meant for (editable list; HSDS taxonomy term)."""

    uuid = hsds_uuid_field()

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # This clientèle's bit in ServiceAtLocation.clientele_mask (see directory/clientele_mask.py), given once at
    # creation and never changed.
    bit = models.PositiveSmallIntegerField(unique=True, editable=False)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("clientèle")
        verbose_name_plural = _("clientèles")
        constraints = [
            models.CheckConstraint(condition=models.Q(bit__lte=MAX_CLIENTELES - 1), name="clientele_bit_range")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.uuid = term_uuid("clientele", self.slug)
        if self.bit is None:
            taken = set(Clientele.objects.values_list("bit", flat=True))
            free = [bit for bit in range(MAX_CLIENTELES) if bit not in taken]
            if not free:
                raise ValueError(f"at most {MAX_CLIENTELES} clientèles")
            self.bit = free[0]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self._state.adding and self.bit is None and Clientele.objects.count() >= MAX_CLIENTELES:
            raise ValidationError(
                _("There can be at most %(count)d clientèles. Retire or merge one before adding another.")
                % {"count": MAX_CLIENTELES}
            )


class ServiceKind(models.Model):
    """A kind of employment service (orientation, job search, career change, job retention…)."""

    uuid = hsds_uuid_field()

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("kind of service")
        verbose_name_plural = _("kinds of service")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.uuid = term_uuid("kind", self.slug)
        super().save(*args, **kwargs)


class Organization(models.Model):
    """An employment organisation (HSDS organization)."""

    uuid = hsds_uuid_field()
    hsds_extra = hsds_extra_field()

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_member = models.BooleanField(_("member of the association"), default=False)
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Fictional listing for demonstration"))
    import_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Digest of the last imported record (skips unchanged ones)"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("finder:organization", args=[self.slug])


class Service(models.Model):
    """What an organisation offers (HSDS service). ``assured_date`` says when a person last verified it."""

    uuid = hsds_uuid_field()
    hsds_extra = hsds_extra_field()

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="services")
    slug = models.SlugField(max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    fees_description = models.CharField(_("fees"), max_length=200, blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    application_process = models.TextField(_("how to start"), blank=True)
    clienteles = models.ManyToManyField(Clientele, blank=True, related_name="services", verbose_name=_("clientèles"))
    kinds = models.ManyToManyField(ServiceKind, blank=True, related_name="services", verbose_name=_("kinds of service"))
    assured_date = models.DateField(_("last verified on"), null=True, blank=True)
    assurer = models.CharField(_("verified by"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="service_slug_per_org")]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.organization.name} — {self.name}"


class Location(models.Model):
    """A physical place where services are given (HSDS location), placed in a municipality and a region."""

    uuid = hsds_uuid_field()
    hsds_extra = hsds_extra_field()

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="locations")
    slug = models.SlugField(_("identifier"), max_length=80, default="", help_text=_("Unique within the organisation"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    transportation = models.CharField(_("getting there"), max_length=300, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="locations")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="locations")
    # Going live (issue 13): True when the sheet gave no coordinates and the point is its postal code's.
    placed_from_postal_code = models.BooleanField(_("placed from postal code"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="location_slug_per_org")]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    """HSDS address: a location has a physical address and may have a postal one."""

    uuid = hsds_uuid_field()

    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        POSTAL = "postal", _("postal")

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    address_type = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PHYSICAL)
    address_1 = models.CharField(_("address"), max_length=200)
    address_2 = models.CharField(_("address (line 2)"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120)
    state_province = models.CharField(max_length=2, default="QC")
    postal_code = models.CharField(_("postal code"), max_length=7)
    country = models.CharField(max_length=2, default="CA")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.address_1}, {self.city} {self.postal_code}"


LAT_BANDS_PER_DEGREE = 20


class ServiceAtLocation(models.Model):
    """A service offered at a location: what the finder lists. Coordinates and region are copied from the
    location so that the nearest-first search reads one indexed table."""

    uuid = hsds_uuid_field()
    hsds_extra = hsds_extra_field()

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(_("description"), blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="service_at_locations")
    is_active = models.BooleanField(default=True)
    # The clientèles of the service, one bit each (Clientele.bit), kept by directory/clientele_mask.py: the finder
    # filters by clientèle inside its covering index instead of probing the service's clientèles row by row.
    clientele_mask = models.BigIntegerField(db_default=0, editable=False)
    # The latitude in bands of 1/LAT_BANDS_PER_DEGREE degree, computed by the database. The search reads a box as
    # one short index range per band (band = x AND longitude BETWEEN …): an index led by the latitude alone would
    # read the whole province's width at that latitude (all of Montréal for a search in the Beauce).
    lat_band = models.GeneratedField(
        expression=Cast(Round(F("latitude") * LAT_BANDS_PER_DEGREE), models.IntegerField()),
        output_field=models.IntegerField(),
        db_persist=True,
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="one_sal_per_service_location")]
        # Covering index for the nearest-first search: the box scan never reads the table itself.
        indexes = [
            models.Index(
                fields=[
                    "lat_band",
                    "longitude",
                    "latitude",
                    "is_active",
                    "clientele_mask",
                    "service_id",
                    "location_id",
                    "id",
                ],
                name="sal_search_band",
            )
        ]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"

    def get_absolute_url(self) -> str:
        return reverse("finder:service_point", args=[self.pk])


class Phone(models.Model):
    """HSDS phone, attached to an organisation, a service or a location."""

    uuid = hsds_uuid_field()

    class Kind(models.TextChoices):
        VOICE = "voice", _("voice")
        TEXT = "text", _("text message")
        FAX = "fax", _("fax")
        TTY = "tty", _("TTY")

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=20, help_text="E.164, e.g. +14185550123")
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    phone_type = models.CharField(max_length=5, choices=Kind.choices, default=Kind.VOICE)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Weekly opening hours, a simplified RFC 5545 rule (HSDS schedule): one row per day and time range."""

    uuid = hsds_uuid_field()

    class Day(models.TextChoices):
        MO = "MO", _("Monday")
        TU = "TU", _("Tuesday")
        WE = "WE", _("Wednesday")
        TH = "TH", _("Thursday")
        FR = "FR", _("Friday")
        SA = "SA", _("Saturday")
        SU = "SU", _("Sunday")

    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField(max_length=2, choices=Day.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    description = models.CharField(_("note"), max_length=200, blank=True)

    DAY_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    class Meta:
        ordering = ["byday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class Language(models.Model):
    """A language in which a service is given (HSDS language, ISO 639-1 code)."""

    uuid = hsds_uuid_field()

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(max_length=3)
    name = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class Accessibility(models.Model):
    """HSDS accessibility of a location (e.g. step-free entrance, adapted washroom)."""

    uuid = hsds_uuid_field()

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.CharField(_("description"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(blank=True)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")

    def __str__(self) -> str:
        return self.description


class ServiceArea(models.Model):
    """Where a service's clients come from (HSDS service_area): a region, a municipality or a free description."""

    uuid = hsds_uuid_field()

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE)
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


# Going live (issue 13) ---------------------------------------------------------------------------------------------


class SheetUpload(models.Model):
    """A spreadsheet uploaded in the admin, kept between its preview and its confirmation (app servers keep no
    state). Deleted once imported; an administrator's new upload replaces their previous one, so at most one per
    administrator is left behind by a preview never confirmed."""

    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    digest = models.CharField(max_length=64)
    uploaded_by = models.CharField(max_length=254, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet import")

    def __str__(self) -> str:
        return self.filename
