from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "answered_at", "language", "page_url"]
    list_filter = ["status", "language", "created_at"]
    list_editable = ["status", "answered_at"]
    search_fields = ["message", "page_url"]
    readonly_fields = ["created_at", "language", "page_url", "name", "email", "message"]
    fieldsets = [
        (None, {"fields": ["message", "name", "email", "page_url", "language", "created_at"]}),
        (None, {"fields": ["status", "answered_at"]}),
    ]

    def has_add_permission(self, request):
        return False
