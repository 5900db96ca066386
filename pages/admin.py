from django.contrib import admin

from publishing.admin import ContentAdmin, translated_lookups

from .models import Contact, Page


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ["title", "key", "is_published", "updated_at"]
    search_fields = ["key", *translated_lookups("title", "summary", "body")]
    readonly_fields = ["key"]


@admin.register(Contact)
class ContactAdmin(ContentAdmin):
    list_display = ["name", "checked_on", "privacy_notice", "accessibility", "order"]
    list_editable = ["order"]
    list_filter = ["privacy_notice", "accessibility", "is_published"]
    search_fields = ["key", *translated_lookups("name", "details")]
