from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import index
        from .registry import PAGE, SECTION, register_page

        # The core's own pages (the core imports no app, so they are registered here).
        register_page("home", kind=SECTION, keywords=_("Home"))
        register_page("accessibility", kind=PAGE)
        post_migrate.connect(index.on_post_migrate, sender=self, dispatch_uid="search-pages")
