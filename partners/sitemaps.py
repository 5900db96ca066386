from kela_portal.sitemaps import PageSitemap, TranslatedSitemap

from .models import Topic


class TopicSitemap(TranslatedSitemap):
    def items(self):
        return Topic.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "partners": PageSitemap(
        "partners:index",
        "partners:organisers",
        "partners:service_channels",
        "partners:guide",
        "partners:communications",
    ),
    "topics": TopicSitemap(),
}
