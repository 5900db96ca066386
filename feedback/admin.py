from django.contrib import admin
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from publishing.admin import ChangeListFormSet

from .models import ANSWER_DAYS, Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "answer_time", "status", "answered_at", "language", "page_url"]
    list_filter = ["status", "language", "created_at"]
    list_editable = ["status", "answered_at"]
    search_fields = ["message", "page_url"]
    readonly_fields = ["created_at", "language", "page_url", "name", "email", "message"]
    fieldsets = [
        (None, {"fields": ["message", "name", "email", "page_url", "language", "created_at"]}),
        (None, {"fields": ["status", "answered_at"]}),
    ]

    @admin.display(
        description=format_lazy(_("age and answer time ({days} days)"), days=ANSWER_DAYS)
    )
    def answer_time(self, item):
        """How old an unanswered message is, and the days left to answer it or past the time."""
        left = item.answer_days_left()
        if left is None:
            return "–"
        age = (timezone.localdate() - timezone.localtime(item.created_at).date()).days
        days = ngettext("%(count)d day old", "%(count)d days old", age) % {"count": age}
        if left >= 0:
            due = ngettext("%(count)d day left", "%(count)d days left", left) % {"count": left}
        else:
            due = ngettext("answer %(count)d day late", "answer %(count)d days late", -left) % {
                "count": -left
            }
        return f"{days}: {due}"

    def has_add_permission(self, request):
        return False

    def get_changelist_formset(self, request, **kwargs):
        """The status and answer date of each row named by their message."""
        return super().get_changelist_formset(request, formset=ChangeListFormSet, **kwargs)


admin.site.register_index_panel("feedback/admin/index_waiting.html")
