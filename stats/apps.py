from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        import search

        from .models import Statistic, StatisticValue

        search.register(Statistic, title="label", body=("explanation",))
        search.register_page(
            "stats:index",
            kind=search.TOOL,
            keywords=_("Statistics"),
            depends_on=[Statistic, StatisticValue],
        )
