"""French and English columns for the directory's public text (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Accessibility,
    Clientele,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
)


@register(Clientele)
class ClienteleTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ServiceKind)
class ServiceKindTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description", "fees_description", "eligibility_description", "application_process")


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("name", "description", "transportation")


@register(Schedule)
class ScheduleTranslation(TranslationOptions):
    fields = ("description",)


@register(Accessibility)
class AccessibilityTranslation(TranslationOptions):
    fields = ("description", "details")


@register(ServiceArea)
class ServiceAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Phone)
class PhoneTranslation(TranslationOptions):
    fields = ("description",)


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(ServiceAtLocation)
class ServiceAtLocationTranslation(TranslationOptions):
    fields = ("description",)
