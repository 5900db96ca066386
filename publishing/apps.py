from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Content and its publishing: the content base model, visibility, loading and transfer,
    the shared content admin with history, translation completeness and the editors' group."""

    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from kela_portal.cache import register_scheduled_changes

        from . import groups, scheduling, signals

        register_scheduled_changes(scheduling.next_change_timestamp)

        # Any saved, deleted or restored content item makes every cached page out of date.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(signals.content_saved, dispatch_uid="publishing-content-changed")
        post_migrate.connect(
            groups.grant_editor_permissions, sender=self, dispatch_uid="publishing-editors"
        )
