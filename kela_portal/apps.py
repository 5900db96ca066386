from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class KelaPortalConfig(AppConfig):
    name = "kela_portal"
    verbose_name = "Kela portal"

    def ready(self):
        from . import search
        from .cache import content_changed

        # Any saved, deleted or restored content item invalidates the page cache
        # and is indexed (or removed from the index) for search.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid="kela-page-cache")
        post_save.connect(search.on_save, dispatch_uid="kela-search-index")
        post_delete.connect(search.on_delete, dispatch_uid="kela-search-unindex")
