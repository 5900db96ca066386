"""sitemap.xml: every published page in every language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organisation.models import Unit
from organisation.tree import unit_tree
from partners.models import Topic

PAGES = [
    "home",
    "organisation:index",
    "partners:index",
    "partners:organisers",
    "partners:service_channels",
    "partners:guide",
    "partners:communications",
    "stats:index",
    "accessibility",
]


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(TranslatedSitemap):
    def items(self):
        return PAGES

    def location(self, item):
        return reverse(item)


class ContentSitemap(TranslatedSitemap):
    """The published items of a content model with pages of their own."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class UnitSitemap(ContentSitemap):
    """Units with a public page: published, under published parents all the way up."""

    def items(self):
        _roots, by_slug = unit_tree(None)
        return sorted((node.unit for node in by_slug.values()), key=lambda unit: unit.pk)


SITEMAPS = {"pages": PageSitemap, "units": UnitSitemap(Unit), "topics": ContentSitemap(Topic)}
