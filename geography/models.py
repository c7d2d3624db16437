"""Québec reference geography: regions, municipalities, postal areas and place names.

Loaded from bundled open data by ``manage.py load_geography`` (see data/geography/SOURCES.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One of the 17 administrative regions (official code "01"…"17")."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    label_lat = models.FloatField()
    label_lon = models.FloatField()
    population = models.PositiveIntegerField(default=0)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    # Bounding box of the boundary, so a point look-up only parses the one or two candidate polygons.
    min_lat = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)

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
    name_key = models.CharField(max_length=120, db_index=True, help_text="fold(name), for accent-insensitive look-up")
    designation = models.CharField(max_length=60, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    mrc_name = models.CharField(max_length=120, blank=True)
    population = models.PositiveIntegerField(default=0)
    latitude = models.FloatField(db_index=True)
    longitude = models.FloatField()
    fsa_code = models.CharField(max_length=3, blank=True, db_index=True, help_text="FSA of the town hall")

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class ForwardSortationArea(models.Model):
    """The first three characters of a postal code (e.g. "H2X"), with the mean point of its codes."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=120)
    place_name = models.CharField(max_length=120, blank=True, help_text="Main place served, for labels")
    is_rural = models.BooleanField(default=False, help_text="Second character 0: covers a wide area")
    latitude = models.FloatField()
    longitude = models.FloatField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="fsas")

    class Meta:
        ordering = ["code"]
        verbose_name = _("forward sortation area")
        verbose_name_plural = _("forward sortation areas")

    def __str__(self) -> str:
        return self.code


class PostalCode(models.Model):
    """A full six-character postal code ("H2X1Y4", no space) and its point. The source file is replaceable."""

    code = models.CharField(max_length=6, primary_key=True)
    fsa = models.ForeignKey(ForwardSortationArea, on_delete=models.CASCADE, related_name="postal_codes")
    place_name = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self) -> str:
        return f"{self.code[:3]} {self.code[3:]}"


class PlaceName(models.Model):
    """A place name used by Canada Post, including former and merged towns (Chicoutimi, Jonquière…)."""

    name = models.CharField(max_length=120)
    name_key = models.CharField(max_length=120, unique=True)
    population = models.PositiveIntegerField(default=0, help_text="Of the municipality of the same name, if any")
    n_postal_codes = models.PositiveIntegerField(default=0)
    latitude = models.FloatField()
    longitude = models.FloatField()
    fsa = models.ForeignKey(ForwardSortationArea, on_delete=models.SET_NULL, null=True, related_name="place_names")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="place_names")

    class Meta:
        ordering = ["name"]
        verbose_name = _("place name")
        verbose_name_plural = _("place names")

    def __str__(self) -> str:
        return self.name


class LoadRecord(models.Model):
    """What ``load_geography`` last loaded: a checksum of its inputs and the row counts, to skip identical reloads."""

    name = models.CharField(max_length=40, primary_key=True)
    checksum = models.CharField(max_length=64)
    counts = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("load record")
        verbose_name_plural = _("load records")

    def __str__(self) -> str:
        return f"{self.name} {self.checksum[:12]}"
