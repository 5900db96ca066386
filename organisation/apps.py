from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        import search

        from .models import Unit

        search.register(
            Unit, title="name", body=("summary", "responsibilities"), dependants=Unit.descendants
        )
        search.register_page("organisation:index", kind=search.SECTION, depends_on=[Unit])
