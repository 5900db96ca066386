"""Translation completeness: content items whose Swedish or English text is missing or out of
date.

A translated field is missing in a language when its Finnish text is filled and the language's
own column is empty (the public page then shows the Finnish fallback). A translation is out of
date when the Finnish text changed after the translation was last saved: the item notes, per
field and language, the fingerprint of the Finnish text the translation was made from
(ContentModel.translated_from), and the database compares it with the MD5 of the Finnish text.
The items are found with one query per model; their gaps are then named in Python by the same
rules.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import F, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import MD5, Coalesce
from django.db.models.lookups import Exact
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import ContentModel, fingerprint, other_languages, translated_fields

MISSING, OUT_OF_DATE = "missing", "out_of_date"


def translated_models():
    """Content models with translated fields that editors edit in the admin, in admin order."""
    models = [
        model
        for model in translator.get_registered_models(abstract=False)
        if issubclass(model, ContentModel) and admin.site.is_registered(model)
    ]
    return sorted(models, key=lambda model: (model._meta.app_label, model._meta.verbose_name))


def _empty(name):
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def _needs_work_anywhere(model):
    """A condition: some field's translation is missing or out of date in some language."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    condition = Q()
    for field in translated_fields(model):
        finnish = build_localized_fieldname(field, default)
        made_from_now = MD5(Coalesce(F(finnish), Value("")))
        for language in other_languages():
            column = build_localized_fieldname(field, language)
            missing = ~_empty(finnish) & _empty(column)
            # No note (NULL) compares as unknown: such a translation is not flagged.
            noted = KT(f"translated_from__{field}__{language}")
            out_of_date = ~_empty(column) & ~Q(Exact(noted, made_from_now))
            condition |= missing | out_of_date
    return condition


def gaps(item, fields):
    """{language code: {MISSING: [field names], OUT_OF_DATE: [field names]}} for each language
    in which some of the item's fields miss a translation or have one out of date."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    found = {}
    for language in other_languages():
        kinds = {MISSING: [], OUT_OF_DATE: []}
        for field in fields:
            finnish = getattr(item, build_localized_fieldname(field, default))
            translation = getattr(item, build_localized_fieldname(field, language))
            noted = item.translated_from.get(field, {}).get(language)
            if finnish and not translation:
                kinds[MISSING].append(field)
            elif translation and noted is not None and noted != fingerprint(finnish):
                kinds[OUT_OF_DATE].append(field)
        if kinds[MISSING] or kinds[OUT_OF_DATE]:
            found[language] = kinds
    return found


def incomplete_items(model):
    """[(item, gaps)] for the model's items that miss a translation or have one out of date."""
    fields = translated_fields(model)
    items = model.objects.filter(_needs_work_anywhere(model)).order_by("pk")
    return [(item, gaps(item, fields)) for item in items]


def incomplete_count():
    """How many content items miss a translation or have one out of date in some language
    (for the admin index)."""
    return sum(
        model.objects.filter(_needs_work_anywhere(model)).count() for model in translated_models()
    )
