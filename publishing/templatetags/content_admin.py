from django import template

from publishing import dashboard
from publishing.completeness import incomplete_count

register = template.Library()


@register.simple_tag
def translations_missing():
    """How many content items miss a Swedish or English translation."""
    return incomplete_count()


@register.simple_tag(takes_context=True)
def publishing_dashboard(context):
    """My drafts, drafts awaiting my review, scheduled changes and recent changes."""
    return dashboard.panels(context["request"].user)
