from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        import search

        from . import models

        search.register(models.Organiser, title="name")
        search.register(models.Topic, title="title", body=("summary", "body"))
        search.register(models.ServiceChannel, title="name", body=("offers", "when"))
        search.register(models.CommunicationChannel, title="name", body=("description",))
        search.register(models.GuideQuestion, title="text")
