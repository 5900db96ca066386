from django import template

from publishing.completeness import incomplete_count

register = template.Library()


@register.simple_tag
def translations_missing():
    """How many content items miss a Swedish or English translation."""
    return incomplete_count()
