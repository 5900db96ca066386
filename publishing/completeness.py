"""Translation completeness: content items whose Swedish or English text is still missing.

A translated field counts as missing in a language when its Finnish text is filled and the
language's own column is empty (the public page then shows the Finnish fallback).
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import ContentModel


def other_languages():
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [code for code in settings.MODELTRANSLATION_LANGUAGES if code != default]


def translated_models():
    """Content models with translated fields that editors edit in the admin, in admin order."""
    models = [
        model
        for model in translator.get_registered_models(abstract=False)
        if issubclass(model, ContentModel) and admin.site.is_registered(model)
    ]
    return sorted(models, key=lambda model: (model._meta.app_label, model._meta.verbose_name))


def _fields(model):
    return sorted(translator.get_options_for_model(model).all_fields)


def _empty(name):
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def _missing_anywhere(model):
    """A condition: some field has Finnish text and lacks it in another language."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    condition = Q()
    for field in _fields(model):
        source = ~_empty(build_localized_fieldname(field, default))
        for language in other_languages():
            condition |= source & _empty(build_localized_fieldname(field, language))
    return condition


def missing_fields(item, fields):
    """{language code: [field names]} of the item's fields with Finnish text and none in the
    language, for each language that misses any."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    missing = {}
    for language in other_languages():
        names = [
            field
            for field in fields
            if getattr(item, build_localized_fieldname(field, default))
            and not getattr(item, build_localized_fieldname(field, language))
        ]
        if names:
            missing[language] = names
    return missing


def incomplete_items(model):
    """[(item, {language code: [missing field names]})] for the model's items missing any
    translation."""
    fields = _fields(model)
    items = model.objects.filter(_missing_anywhere(model)).order_by("pk")
    return [(item, missing_fields(item, fields)) for item in items]


def incomplete_count():
    """How many content items miss a translation in some language (for the admin index)."""
    return sum(
        model.objects.filter(_missing_anywhere(model)).count() for model in translated_models()
    )
