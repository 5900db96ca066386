from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class KelaPortalConfig(AppConfig):
    """The core: settings, URLs, middleware, the base templates and tags. It has no models."""

    name = "kela_portal"
    verbose_name = _("Kela portal")

    def ready(self):
        # After the admin's autodiscovery (PortalAdminConfig comes first in INSTALLED_APPS).
        from . import staff_admin

        staff_admin.register()


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's own site as the default site."""

    default = False
    default_site = "kela_portal.admin.PortalAdminSite"
