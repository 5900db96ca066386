from kela_portal.sitemaps import PageSitemap, TranslatedSitemap

from .tree import unit_tree


class UnitSitemap(TranslatedSitemap):
    """Units with a public page: published, under published parents all the way up."""

    def items(self):
        _roots, by_slug = unit_tree(None)
        return sorted((node.unit for node in by_slug.values()), key=lambda unit: unit.pk)

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"organisation": PageSitemap("organisation:index"), "units": UnitSitemap()}
