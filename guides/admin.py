"""The staff editor: the Django admin, with French and English fields side by side, preview, publish and history.

Every save stores a GuideRevision (see editing.py); only staff with the "publish guides" permission change the status.
"""

from urllib.parse import parse_qsl

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from finder.forms import CLIENTELE_PARAMS, search_params

from .editing import guide_prepare, guide_restore, guide_set_status, revision_create
from .markup import render_markdown
from .models import Guide, GuideRevision


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = (
            "title_fr", "title_en", "slug", "summary_fr", "summary_en", "body_fr", "body_en", "source_language",
            "status", "reviewed_on", "reviewer", "clienteles", "related", "finder_query", "position",
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        source = data.get("source_language") or "fr"
        for field in ("title", "summary", "body"):
            if not data.get(f"{field}_{source}"):
                self.add_error(f"{field}_{source}", _("Required in the guide's original language."))
        return data

    def clean_finder_query(self) -> str:
        """Only what the finder's form understands: a parameter it would ignore is refused, naming it."""
        query = (self.cleaned_data.get("finder_query") or "").strip().lstrip("?")
        kept = search_params(query)
        ignored = [f"{k}={v}" for k, v in parse_qsl(query) if (k, v) not in kept and k != "clientele"]
        ignored += [f"clientele={v}" for k, v in parse_qsl(query) if k == "clientele" and v not in CLIENTELE_PARAMS]
        if ignored:
            raise forms.ValidationError(
                _("The finder does not understand %(params)s. Use clientele=<slug> (for example clientele=youth), "
                  "or the search page's own parameters (situation, age, language, kind)."),
                params={"params": ", ".join(ignored)},
            )
        return query


class RevisionInline(admin.TabularInline):
    model = GuideRevision
    extra = 0
    can_delete = False
    fields = ("created_at", "author", "status", "note", "view_link")
    readonly_fields = fields
    verbose_name_plural = _("revision history")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("content"))
    def view_link(self, revision: GuideRevision) -> str:
        url = reverse("admin:guides_guiderevision_change", args=[revision.pk])
        return format_html('<a href="{}">{}</a>', url, _("see this version"))


@admin.register(Guide)
class GuideAdmin(TranslationAdmin):
    form = GuideForm
    list_display = ("title", "status", "translation_column", "reviewed_on", "updated_at", "preview_link")
    list_filter = ("status", "source_language", "clienteles")
    search_fields = ("title_fr", "title_en", "slug")
    prepopulated_fields = {"slug": ("title_fr",)}
    filter_horizontal = ("clienteles", "related")
    inlines = [RevisionInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ("preview_link", "content_updated_fr", "content_updated_en", "published_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "source_language")}),
        (_("Publication"), {"fields": ("status", "preview_link", "published_at", "reviewed_on", "reviewer")}),
        (_("Links"), {"fields": ("clienteles", "related", "finder_query", "position")}),
        (_("Translation"), {"fields": ("content_updated_fr", "content_updated_en")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("guides.publish_guide"):
            fields.append("status")
        return fields

    @admin.display(description=_("preview"))
    def preview_link(self, guide: Guide) -> str:
        if not guide.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("guides:preview", args=[guide.slug]),
            _("Preview this guide"),
        )

    @admin.display(description=_("translation"))
    def translation_column(self, guide: Guide) -> str:
        from .editing import translation_state

        other = "en" if guide.source_language == "fr" else "fr"
        labels = {"missing": _("missing"), "outdated": _("older than the original"), "current": _("up to date")}
        return labels.get(translation_state(guide, other), "")

    def save_model(self, request, obj: Guide, form, change: bool) -> None:
        guide_prepare(obj, changed_fields=set(form.changed_data) if change else set(form.fields))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        note = ", ".join(form.changed_data)[:200] if change else "created"
        revision_create(guide=form.instance, author=request.user, note=note)

    def get_urls(self):
        restore = self.admin_site.admin_view(self.restore_view)
        own = [path("<int:guide_id>/restore/<int:revision_id>/", restore, name="guides_guide_restore")]
        return own + super().get_urls()

    def restore_view(self, request, guide_id: int, revision_id: int):
        """GET: confirm; POST: put the text of an earlier revision back into the guide (a new revision records it)."""
        guide = get_object_or_404(Guide, pk=guide_id)
        revision = get_object_or_404(GuideRevision, pk=revision_id, guide=guide)
        if not self.has_change_permission(request, guide):
            raise PermissionDenied
        if request.method == "POST":
            guide_restore(guide=guide, revision=revision, author=request.user)
            self.message_user(request, _("The earlier version is back. Check it, then publish if needed."))
            return redirect("admin:guides_guide_change", guide.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Restore an earlier version"),
            "guide": guide,
            "revision": revision,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/guides/restore_confirm.html", context)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("guides.publish_guide")

    @admin.action(description=_("Publish the selected guides"), permissions=["publish"])
    def publish(self, request, queryset) -> None:
        for guide in queryset:
            guide_set_status(guide=guide, status=Guide.Status.PUBLISHED, author=request.user)
        self.message_user(request, _("Guides published."), messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected guides (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset) -> None:
        for guide in queryset:
            guide_set_status(guide=guide, status=Guide.Status.DRAFT, author=request.user)
        self.message_user(request, _("Guides unpublished."), messages.SUCCESS)


@admin.register(GuideRevision)
class GuideRevisionAdmin(admin.ModelAdmin):
    """Read-only: a revision is a record of the past. To go back, copy its text into the guide and save."""

    list_display = ("guide", "created_at", "author", "status", "note")
    list_filter = ("status",)
    search_fields = ("guide__slug", "note")
    fields = ("guide", "created_at", "author", "status", "note", "restore_link", "rendered")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("restore"))
    def restore_link(self, revision: GuideRevision) -> str:
        url = reverse("admin:guides_guide_restore", args=[revision.guide_id, revision.pk])
        return format_html('<a href="{}">{}</a>', url, _("Put this version back…"))

    @admin.display(description=_("content"))
    def rendered(self, revision: GuideRevision) -> str:
        snap = revision.snapshot
        parts = []
        for lang in ("fr", "en"):
            parts.append(
                format_html(
                    '<section lang="{}"><h2>{}</h2><p><strong>{}</strong></p>{}</section>',
                    lang,
                    snap.get(f"title_{lang}") or "—",
                    snap.get(f"summary_{lang}") or "",
                    render_markdown(snap.get(f"body_{lang}") or ""),
                )
            )
        return format_html("{}{}", parts[0], parts[1])
