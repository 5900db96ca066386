from django.db import models

from .richtext import clean_html


class RichTextField(models.TextField):
    """HTML text cleaned to the allow-list of publishing.richtext whenever it is saved."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
