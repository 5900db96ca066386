from django import template

from stats import yearly

register = template.Library()


@register.simple_tag
def years_in_progress():
    """The years whose figures have a draft or are not all published, newest first."""
    return yearly.years_in_progress()
