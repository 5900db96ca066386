from django.contrib import admin
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.db import models

from publishing.admin import ContentAdmin, ContentTabularInline, translated_lookups

from .models import (
    CommunicationChannel,
    GuideQuestion,
    GuideRule,
    Organiser,
    ServiceChannel,
    Topic,
)

# Links typed without a scheme get https, as Django 6 will do by default.
URL_FIELDS = {models.URLField: {"widget": AdminURLFieldWidget, "assume_scheme": "https"}}


@admin.register(Organiser)
class OrganiserAdmin(ContentAdmin):
    list_display = ["name", "kind", "order", "is_published"]
    list_editable = ["order"]
    list_filter = ["kind", "is_published"]
    search_fields = ["key", *translated_lookups("name")]


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = ["title", "section", "situation_year", "order", "is_published", "updated_at"]
    list_editable = ["order"]
    list_filter = ["section", "is_published"]
    search_fields = ["key", *translated_lookups("title", "summary")]


@admin.register(ServiceChannel)
class ServiceChannelAdmin(ContentAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "channel_type", "url", "order", "is_published"]
    list_editable = ["order"]
    list_filter = ["channel_type", "is_published"]
    search_fields = ["key", *translated_lookups("name")]


@admin.register(CommunicationChannel)
class CommunicationChannelAdmin(ContentAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "platform", "url", "order", "is_published"]
    list_editable = ["order"]
    list_filter = ["kind", "platform", "is_published"]
    search_fields = ["key", "url", *translated_lookups("name", "description")]


class GuideRuleInline(ContentTabularInline):
    model = GuideRule
    fields = [
        "key",
        "answer",
        "channel",
        "topic",
        "reason",
        "staff_action",
        "customer_action",
        "url",
        "order",
        "is_published",
    ]
    extra = 0


@admin.register(GuideQuestion)
class GuideQuestionAdmin(ContentAdmin):
    list_display = ["text", "key", "follows", "follows_answer", "order", "is_published"]
    list_select_related = ["follows"]
    list_editable = ["order"]
    list_filter = ["is_published"]
    search_fields = ["key", *translated_lookups("text")]
    inlines = [GuideRuleInline]


@admin.register(GuideRule)
class GuideRuleAdmin(ContentAdmin):
    list_display = ["question", "answer", "target", "order", "is_published"]
    list_filter = ["question", "answer", "is_published"]
    list_select_related = ["question", "channel", "topic"]
    search_fields = ["key", *translated_lookups("reason")]
