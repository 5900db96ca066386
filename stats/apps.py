from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        import search

        from .models import Statistic

        search.register(Statistic, title="label", body=("explanation",))
