from modeltranslation.translator import TranslationOptions, register

from .models import Contact, Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"fi": ("title", "summary")}


@register(Contact)
class ContactTranslationOptions(TranslationOptions):
    fields = ("name", "details", "source_url")
    required_languages = {"fi": ("name", "details", "source_url")}
