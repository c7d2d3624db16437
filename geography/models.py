"""Québec reference geography: regions, municipalities, postal areas and place names.

Loaded from bundled open data by ``manage.py load_geography`` (see data/geography/SOURCES.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One of the 17 administrative regions (official code "01"…"17")."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    label_lat = models.FloatField(_("label latitude"))
    label_lon = models.FloatField(_("label longitude"))
    population = models.PositiveIntegerField(_("population"), default=0)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    # Bounding box of the boundary, so a point look-up only parses the one or two candidate polygons.
    min_lat = models.FloatField(_("southernmost latitude"), null=True, blank=True)
    max_lat = models.FloatField(_("northernmost latitude"), null=True, blank=True)
    min_lon = models.FloatField(_("westernmost longitude"), null=True, blank=True)
    max_lon = models.FloatField(_("easternmost longitude"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Municipality(models.Model):
    """A local municipality of the MAMH directory."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(
        _("search key"),
        max_length=120,
        db_index=True,
        help_text=_("Name without accents, case or punctuation, for look-ups"),
    )
    designation = models.CharField(_("designation"), max_length=60, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    mrc_name = models.CharField(_("MRC"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"), db_index=True)
    longitude = models.FloatField(_("longitude"))
    fsa_code = models.CharField(_("FSA of the town hall"), max_length=3, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class ForwardSortationArea(models.Model):
    """The first three characters of a postal code (e.g. "H2X"), with the mean point of its codes."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    place_name = models.CharField(
        _("place name"), max_length=120, blank=True, help_text=_("Main place served, shown in labels")
    )
    is_rural = models.BooleanField(_("rural"), default=False, help_text=_("Second character 0: covers a wide area"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="fsas", verbose_name=_("region"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("forward sortation area")
        verbose_name_plural = _("forward sortation areas")

    def __str__(self) -> str:
        return self.code


class PostalCode(models.Model):
    """A full six-character postal code ("H2X1Y4", no space) and its point. The source file is replaceable."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    fsa = models.ForeignKey(
        ForwardSortationArea,
        on_delete=models.CASCADE,
        related_name="postal_codes",
        verbose_name=_("forward sortation area"),
    )
    place_name = models.CharField(_("place name"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self) -> str:
        return f"{self.code[:3]} {self.code[3:]}"


class PlaceName(models.Model):
    """A place name used by Canada Post, including former and merged towns (Chicoutimi, Jonquière…)."""

    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(_("search key"), max_length=120, unique=True)
    population = models.PositiveIntegerField(
        _("population"), default=0, help_text=_("Of the municipality of the same name, if any")
    )
    n_postal_codes = models.PositiveIntegerField(_("number of postal codes"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    fsa = models.ForeignKey(
        ForwardSortationArea,
        on_delete=models.SET_NULL,
        null=True,
        related_name="place_names",
        verbose_name=_("forward sortation area"),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="place_names", verbose_name=_("region"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("place name")
        verbose_name_plural = _("place names")

    def __str__(self) -> str:
        return self.name


class PlaceAlias(models.Model):
    """A name people use for part of a municipality: a former municipality merged into it, a borough, a district.

    Each has its own point (not the merged city's centre); see data/geography/SOURCES.md for how it was made.
    """

    class Kind(models.TextChoices):
        FORMER = "former", _("former municipality")
        BOROUGH = "borough", _("borough")
        DISTRICT = "district", _("district")

    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(_("search key"), max_length=120, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    municipality_name = models.CharField(_("municipality"), max_length=120)
    merged = models.PositiveSmallIntegerField(_("year merged"), null=True, blank=True)
    n_postal_codes = models.PositiveIntegerField(_("number of postal codes"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="aliases", verbose_name=_("region"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality_name})"


class LoadRecord(models.Model):
    """What ``load_geography`` last loaded: a checksum of its inputs and the row counts, to skip identical reloads."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    checksum = models.CharField(_("checksum"), max_length=64)
    counts = models.JSONField(_("row counts"), default=dict)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("load record")
        verbose_name_plural = _("load records")

    def __str__(self) -> str:
        return f"{self.name} {self.checksum[:12]}"
