"""Network administrators edit the shared lists and, when needed, any centre's parameters here."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import FundingParameters, NetworkSharingConsent, PeripheralCategory, ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position", "is_active")


@admin.register(PeripheralCategory)
class PeripheralCategoryAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position", "is_active")


@admin.register(FundingParameters)
class FundingParametersAdmin(admin.ModelAdmin):
    list_display = ("organization", "programme", "valid_from", "valid_to", "participants", "hourly_rate")
    list_filter = ("programme",)
    raw_id_fields = ("organization",)
    filter_horizontal = ("recognised_service_types",)


@admin.register(NetworkSharingConsent)
class NetworkSharingConsentAdmin(admin.ModelAdmin):
    list_display = ("organization", "agreed_on", "withdrawn_on")
    raw_id_fields = ("organization", "agreed_by")
