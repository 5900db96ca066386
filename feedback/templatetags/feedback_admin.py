from django import template

from feedback.models import Feedback

register = template.Library()

WAITING_SHOWN = 10


@register.simple_tag
def feedback_waiting():
    """The oldest feedback messages waiting for an answer, and how many there are."""
    waiting = Feedback.objects.filter(status=Feedback.Status.NEW).order_by("created_at")
    return {"count": waiting.count(), "oldest": list(waiting[:WAITING_SHOWN])}
