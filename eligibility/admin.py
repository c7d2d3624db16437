"""Network administrators edit rule sets, rules and mandates here; every change is kept in the audit log
(django-auditlog: who, when, what), reachable from each object's "Audit log" link."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Mandate, Rule, RuleSet


class HistoryAdmin(AuditlogHistoryAdminMixin, TranslationAdmin):
    show_auditlog_history_link = True


@admin.register(RuleSet)
class RuleSetAdmin(HistoryAdmin):
    list_display = ("name", "slug", "kind", "is_illustrative", "is_active", "valid_from", "valid_to")
    list_filter = ("kind", "is_active", "is_illustrative")
    search_fields = ("slug", "name_fr", "name_en")


@admin.register(Rule)
class RuleAdmin(HistoryAdmin):
    list_display = ("slug", "label", "rule_set", "region", "outcome", "valid_from", "valid_to")
    list_filter = ("rule_set", "outcome", "region")
    search_fields = ("slug", "label_fr", "label_en", "source_title")
    list_select_related = ("rule_set", "region")
    fieldsets = (
        (None, {"fields": ("rule_set", "slug", "label", "explanation")}),
        (_("Who and where"), {"fields": ("condition", "outcome", "region")}),
        (_("When and on what authority"), {"fields": ("valid_from", "valid_to", "source_title", "source_url",
                                                   "source_reference", "position")}),
    )  # fmt: skip


@admin.register(Mandate)
class MandateAdmin(HistoryAdmin):
    list_display = ("slug", "label", "organization", "service", "valid_from", "valid_to")
    search_fields = ("slug", "label_fr", "label_en", "organization__name")
    list_select_related = ("organization", "service")
    raw_id_fields = ("organization", "service")
