"""French and English names of the editable funding lists (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import PeripheralCategory, ServiceType


@register(ServiceType)
class ServiceTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(PeripheralCategory)
class PeripheralCategoryTranslation(TranslationOptions):
    fields = ("name",)
