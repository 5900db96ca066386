from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from reversion.admin import VersionAdmin

from .models import Statistic, StatisticValue


class StatisticValueInline(TranslationTabularInline):
    model = StatisticValue
    fields = ("year", "reference_year", "value", "note", "is_published", "key")
    readonly_fields = ("key",)
    extra = 1


@admin.register(Statistic)
class StatisticAdmin(VersionAdmin, TabbedTranslationAdmin):
    list_display = ("label", "group", "unit", "order", "is_published", "updated_at")
    list_editable = ("order", "is_published")
    list_filter = ("group", "unit", "is_published")
    search_fields = ("key", "label_fi", "label_sv", "label_en")
    fields = ("key", "group", "unit", "label", "explanation", "order", "is_published")
    inlines = [StatisticValueInline]
