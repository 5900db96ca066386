from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import FeedbackForm

FEEDBACK_LIMIT = 5  # stored messages per client address
FEEDBACK_WINDOW = 3600  # seconds


def _rate_key(request):
    return f"feedback-posts:{request.META.get('REMOTE_ADDR', '')}"


def feedback(request):
    """The feedback channel: a form that stores the message and thanks the sender."""
    status = 200
    if request.method == "POST":
        # Only stored messages count towards the limit, so corrections are never blocked.
        key = _rate_key(request)
        form = FeedbackForm(request.POST)
        if cache.get(key, 0) >= FEEDBACK_LIMIT:
            form.add_error(None, _("Too many messages from your address. Try again later."))
            status = 429
        elif form.is_valid():
            item = form.save(commit=False)
            item.language = request.LANGUAGE_CODE
            item.save()
            cache.add(key, 0, FEEDBACK_WINDOW)
            cache.incr(key)
            return redirect("feedback_thanks")
    else:
        page = request.GET.get("page", "")[:500]
        form = FeedbackForm(initial={"page_url": page if page.startswith("/") else ""})
    context = {"form": form, "retention_months": settings.FEEDBACK_RETENTION_MONTHS}
    return render(request, "feedback/feedback.html", context, status=status)


def thanks(request):
    return render(request, "feedback/thanks.html")
