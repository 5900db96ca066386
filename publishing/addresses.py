"""Keys and address names (slugs) made from an item's names, so that a new item needs only its
Finnish text.

An empty key is made from the Finnish name. An empty slug is made from the name in its own
language, or, until that is translated, from the Finnish name (the address then names the
item in Finnish). A slug already taken in its language gets a number: "kela-2".
"""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import Draft, language_codes

NAME_FIELDS = ("name", "title", "label", "text")


def name_field(model):
    """The translated field that names the model's items (name, title …), or None."""
    fields = translator.get_options_for_model(model).all_fields
    return next((name for name in NAME_FIELDS if name in fields), None)


def slug_fields(model):
    fields = translator.get_options_for_model(model).all_fields
    return [name for name in ("slug",) if name in fields]


def in_drafts(model, column, value, instance):
    """Whether another item's draft has the value in the column."""
    drafts = Draft.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        **{f"data__{column}": value},
    )
    return drafts.exclude(object_id=instance.pk).exists() if instance.pk else drafts.exists()


def taken(model, column, value, instance):
    """Whether another item has the value in the column, published or in its draft."""
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    return others.filter(**{column: value}).exists() or in_drafts(model, column, value, instance)


def unique(model, column, wanted, instance, max_length):
    """wanted, or wanted-2, wanted-3 … : the first not used by another item in the column."""
    base = wanted[:max_length] or "item"
    candidate, number = base, 1
    while taken(model, column, candidate, instance):
        number += 1
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
    return candidate


class GeneratedAddressesForm(forms.ModelForm):
    """A content item's admin form whose key and slugs may be left empty: they are made."""

    GENERATED_HELP = _("Leave empty to make it from the name.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        registered = model in translator.get_registered_models(abstract=False)
        self.name_field = name_field(model) if registered else None
        if self.name_field is None:
            self.generated = []
            return
        self.generated = [
            column
            for column in (
                "key",
                *(
                    build_localized_fieldname(slug, code)
                    for slug in slug_fields(model)
                    for code in language_codes()
                ),
            )
            if column in self.fields
        ]
        for column in self.generated:
            field = self.fields[column]
            field.required = False
            field.help_text = f"{field.help_text} {self.GENERATED_HELP}".strip()

    def clean(self):
        data = super().clean()
        if not self.generated:
            return data
        model = self._meta.model
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        finnish_name = data.get(build_localized_fieldname(self.name_field, default)) or ""
        for column in self.generated:
            if data.get(column) or not finnish_name:
                continue
            if column == "key":
                wanted, language = slugify(finnish_name), None
            else:
                language = column.rsplit("_", 1)[1]
                own = data.get(build_localized_fieldname(self.name_field, language))
                wanted = slugify(own or finnish_name)
            max_length = model._meta.get_field(column).max_length
            data[column] = unique(model, column, wanted, self.instance, max_length)
        for column in self.generated:
            value = data.get(column)
            # Another item's live address is refused by the model's unique constraint.
            if column != "key" and value and in_drafts(model, column, value, self.instance):
                self.add_error(
                    column,
                    _(
                        "Another item's draft already has the address name “%(slug)s” in "
                        "this language. Choose another."
                    )
                    % {"slug": value},
                )
        return data
