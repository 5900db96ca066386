from django.contrib import admin

from publishing.admin import ContentAdmin, translated_lookups

from .models import Page


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ["title", "key", "is_published", "updated_at"]
    search_fields = ["key", *translated_lookups("title", "summary", "body")]
    readonly_fields = ["key"]
