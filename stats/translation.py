from modeltranslation.translator import TranslationOptions, register

from .models import Statistic, StatisticValue


@register(Statistic)
class StatisticTranslationOptions(TranslationOptions):
    fields = ("label", "explanation")
    required_languages = {"fi": ("label",)}


@register(StatisticValue)
class StatisticValueTranslationOptions(TranslationOptions):
    fields = ("note",)
