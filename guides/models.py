"""Guides: short, plain-language job-search guidance written and maintained by the association's staff.

Title, summary and body have French and English columns (see translation.py). Each language keeps its own
"content updated" timestamp so that a page can say when a translation is missing or older than the original.
Every save through the admin stores a GuideRevision (a full snapshot), see revisions.py.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models import Clientele

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


class GuideQuerySet(models.QuerySet):
    def published(self) -> "GuideQuerySet":
        return self.filter(status=Guide.Status.PUBLISHED)


class Guide(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    slug = models.SlugField(
        _("web address"), max_length=80, unique=True, help_text=_("Lowercase words joined by hyphens; part of the URL")
    )
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences; shown in lists and to search engines")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown: ## for a heading, - for a list item, [text](https://…) for a link, **bold**"),
    )
    source_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="fr",
        help_text=_("The language the guide is written in first; the other one is the translation"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    clienteles = models.ManyToManyField(
        Clientele, blank=True, related_name="guides", verbose_name=_("clientèles"), help_text=_("Who this guide is for")
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=False, verbose_name=_("related guides"))
    finder_query = models.CharField(
        _("finder search"),
        max_length=200,
        blank=True,
        help_text=_("Query string of the finder search offered at the end, e.g. clientele=immigrants"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    reviewer = models.CharField(_("reviewed by"), max_length=120, blank=True)
    content_updated_fr = models.DateTimeField(_("French text updated"), null=True, blank=True, editable=False)
    content_updated_en = models.DateTimeField(_("English text updated"), null=True, blank=True, editable=False)
    # Normalised, stemmed words of title + summary + body, space-padded: " mot1 mot2 " (see search.py).
    search_fr = models.TextField(blank=True, editable=False)
    search_en = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        permissions = [("publish_guide", _("Can publish or unpublish guides"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guides:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def has_text(self, language: str) -> bool:
        return bool(getattr(self, f"title_{language}", "") and getattr(self, f"body_{language}", ""))

    def content_updated(self, language: str):
        return getattr(self, f"content_updated_{language}")


class GuideRevision(models.Model):
    """A full snapshot of a guide after one save: who, when, and every field as it was."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Guide.Status.choices)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    snapshot = models.JSONField(_("content"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.guide.slug} @ {self.created_at:%Y-%m-%d %H:%M}"
