from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from kela_portal.signals import content_changing


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import index
        from .registry import SECTION, register_page

        # The core's own page (the core imports no app, so it is registered here).
        register_page("home", kind=SECTION, keywords=_("Home"))
        post_migrate.connect(index.on_post_migrate, sender=self, dispatch_uid="search-pages")
        # Pages that list changed items are indexed again before the change is announced.
        content_changing.connect(index.index_pending_pages, dispatch_uid="search-pages-first")
        # Editors' synonyms and promoted results change search pages: cached ones go stale.
        for model in (self.get_model("Synonym"), self.get_model("PromotedResult")):
            for signal in (post_save, post_delete):
                signal.connect(
                    index.editor_content_changed,
                    sender=model,
                    dispatch_uid=f"search-{model._meta.model_name}-{signal is post_save}",
                )
