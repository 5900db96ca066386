from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from .models import PromotedResult, QueryCount, Synonym
from .report import write_pending


@admin.register(Synonym)
class SynonymAdmin(VersionAdmin):
    """Synonyms per language, with history (django-reversion) like other content."""

    list_display = ["words", "language"]
    list_filter = ["language"]
    search_fields = ["words"]
    history_latest_first = True


@admin.register(PromotedResult)
class PromotedResultAdmin(VersionAdmin):
    """Pages pinned first for a query in a language, with history."""

    list_display = ["query", "language", "url", "order"]
    list_filter = ["language"]
    search_fields = ["query", "url"]
    history_latest_first = True


@admin.register(QueryCount)
class QueryCountAdmin(admin.ModelAdmin):
    """What people search for: counts per language and week, read-only."""

    list_display = ["search_words", "language", "week", "count", "zero_results"]
    list_filter = ["language", "week", "zero_results"]
    search_fields = ["query"]
    ordering = ["-week", "-count", "query"]
    date_hierarchy = "week"

    @admin.display(description=_("search words"), ordering="query")
    def search_words(self, obj):
        return obj.query or _("(not kept: could identify someone)")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        write_pending()  # this worker's latest counts; the others write theirs each minute
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            queryset = response.context_data["cl"].queryset
            response.context_data["subtitle"] = _(
                "Top queries by language and week, and the words of searches that found "
                "nothing. Only searches made of words of the portal's own text, with no "
                "digits or e-mail signs, are kept: nothing that could identify anyone."
            )
            response.context_data["searches"] = queryset.aggregate(total=Sum("count"))["total"]
        return response
