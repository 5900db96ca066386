from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        import search

        from . import models

        # A single county is a list entry: general words find the topics and tools first.
        search.register(models.Organiser, title="name", boost=0.5)
        search.register(models.Topic, title="title", body=("summary", "body"), boost=1.5)
        search.register(models.ServiceChannel, title="name", body=("offers", "when"))
        search.register(models.CommunicationChannel, title="name", body=("description",))
        search.register(models.GuideQuestion, title="text")
        search.register_page("partners:index", kind=search.SECTION, depends_on=[models.Topic])
        search.register_page(
            "partners:organisers",
            kind=search.SECTION,
            keywords=_("Wellbeing services counties"),
            depends_on=[models.Organiser],
        )
        search.register_page(
            "partners:service_channels", kind=search.TOOL, depends_on=[models.ServiceChannel]
        )
        search.register_page("partners:guide", kind=search.TOOL, depends_on=[models.GuideQuestion])
        search.register_page(
            "partners:communications",
            kind=search.SECTION,
            depends_on=[models.CommunicationChannel],
        )
