from django import forms
from django.db import models

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
        setattr(model_instance, self.attname, value)
        return value
