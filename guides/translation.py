"""French and English columns of a guide's text (django-modeltranslation, as the directory does)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Guide


@register(Guide)
class GuideTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
