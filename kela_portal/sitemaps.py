"""sitemap.xml: every published page in every language, with hreflang alternates.

Each app lists its pages in its own `sitemaps.py` as a SITEMAPS dict; the core adds its own
pages and composes them all (collect()), knowing no app by name.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.module_loading import module_has_submodule


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(TranslatedSitemap):
    """Pages that are URL names, not content items."""

    def __init__(self, *names):
        self.names = names

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)


def collect():
    """The core's pages and every app's SITEMAPS, in the order of INSTALLED_APPS."""
    sitemaps = {"pages": PageSitemap("home")}
    for config in apps.get_app_configs():
        if config.name != __package__ and module_has_submodule(config.module, "sitemaps"):
            sitemaps.update(import_module(f"{config.name}.sitemaps").SITEMAPS)
    return sitemaps
