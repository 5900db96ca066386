from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages about the portal")

    def ready(self):
        import search
        from search.registry import PAGE_KINDS

        from . import models

        label, boost = PAGE_KINDS[search.PAGE]
        search.register(
            models.Page, title="title", body=("summary", "body"), boost=boost, kind=label
        )
