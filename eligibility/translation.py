from modeltranslation.translator import TranslationOptions, register

from .models import Mandate, Rule, RuleSet


@register(RuleSet)
class RuleSetTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Rule)
class RuleTranslation(TranslationOptions):
    fields = ("label", "explanation")


@register(Mandate)
class MandateTranslation(TranslationOptions):
    fields = ("label",)
