"""The portal's admin site: branded, and open to views that apps add to it."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The default admin site (kela_portal.apps.PortalAdminConfig).

    An app adds a view of its own with `admin.site.register_view(route, view, name)`; the
    view gets the site's login check and its URL name in the `admin` namespace. An app adds a
    panel to the index page with `admin.site.register_index_panel(template_name)`.
    """

    site_header = _("Kela portal administration")
    site_title = _("Kela portal administration")
    index_title = _("Content")

    def __init__(self, name="admin"):
        super().__init__(name)
        self.extra_views = {}
        self.index_panels = []

    def register_view(self, route, view, name):
        self.extra_views[name] = (route, view)

    def register_index_panel(self, template_name):
        if template_name not in self.index_panels:
            self.index_panels.append(template_name)

    def index(self, request, extra_context=None):
        context = {"index_panels": self.index_panels, **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        extra = [
            path(route, self.admin_view(view), name=name)
            for name, (route, view) in self.extra_views.items()
        ]
        return [*extra, *super().get_urls()]
