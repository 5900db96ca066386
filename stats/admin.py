from django.contrib import admin

from publishing.admin import ContentAdmin, ContentTabularInline, translated_lookups

from . import yearly
from .models import Statistic, StatisticValue


class StatisticValueInline(ContentTabularInline):
    model = StatisticValue
    fields = ("year", "reference_year", "value", "note", "is_published", "key")
    readonly_fields = ("key",)
    extra = 1


@admin.register(Statistic)
class StatisticAdmin(ContentAdmin):
    list_display = ("label", "group", "unit", "order", "is_published", "updated_at")
    list_editable = ("order",)
    list_filter = ("group", "unit", "is_published")
    search_fields = ["key", *translated_lookups("label")]
    fields = ("key", "group", "unit", "label", "explanation", "order", "is_published")
    inlines = [StatisticValueInline]


@admin.register(StatisticValue)
class StatisticValueAdmin(ContentAdmin):
    list_display = ("statistic", "year", "reference_year", "value", "is_published", "updated_at")
    list_filter = ("year", "statistic__group", "is_published")
    list_select_related = ("statistic",)
    search_fields = ["key", *translated_lookups("statistic__label", "note")]
    fields = ("statistic", "year", "reference_year", "value", "note", "is_published", "key")
    readonly_fields = ("key",)


admin.site.register_view("stats/year/", yearly.year_figures, "stats_year_figures")
admin.site.register_view("stats/year/<int:year>/", yearly.year_status, "stats_year")
admin.site.register_view(
    "stats/year/<int:year>/preview/<slug:language>/", yearly.year_preview, "stats_year_preview"
)
admin.site.register_index_panel("stats/admin/index_years.html")
