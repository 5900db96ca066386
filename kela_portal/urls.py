"""The root URLs: health, robots, sitemap, the admin and the open data API outside the
language prefix; every public page under /fi/, /sv/ and /en/. Apps are included by name,
never imported."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import sitemaps, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.collect()}, name="sitemap"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("organisation/"), include("organisation.urls")),
    path(_("partners/"), include("partners.urls")),
    path(_("statistics/"), include("stats.urls")),
    path(_("search/"), include("search.urls")),
    path(_("feedback/"), include("feedback.urls")),
    path(_("open-data/"), include("api.page_urls")),
    path("", include("pages.urls")),
)

handler400 = "kela_portal.views.bad_request"
handler403 = "kela_portal.views.permission_denied"
handler404 = "kela_portal.views.page_not_found"
handler500 = "kela_portal.views.server_error"
