from django import forms
from django.db import models
from modeltranslation.fields import TranslationField
from modeltranslation.translator import translator

from .richtext import clean_html


class RichTextFormField(forms.CharField):
    """Cleans the submitted HTML to the allow-list, so that a draft holds what will be public."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_html(value) if value else value


class RichTextField(models.TextField):
    """HTML text cleaned to the allow-list of publishing.richtext whenever it is saved."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        if not self.is_translated_original(type(model_instance)):
            setattr(model_instance, self.attname, value)
        return value

    def is_translated_original(self, model):
        """Whether this is the field that modeltranslation translates (body, not body_sv).

        Setting it writes the active language's field, and reading it gives the fallback
        language's text: setting it again would copy Finnish text into an empty translation.
        """
        if isinstance(self, TranslationField):
            return False
        registered = translator.get_registered_models(abstract=False)
        return (
            model in registered and self.name in translator.get_options_for_model(model).all_fields
        )
