import logging

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kela_portal.cache import cache_query
from kela_portal.proxies import client_address

from .forms import FeedbackForm
from .models import MESSAGE_MAX_LENGTH

logger = logging.getLogger(__name__)

FEEDBACK_LIMIT = 5  # stored messages per client address
FEEDBACK_WINDOW = 3600  # seconds


def over_limit(request):
    """Counts one more message from the request's client; True when that is over the limit.

    The count is one atomic increment in the cache, so parallel posts cannot all pass one
    check. Without the cache (Redis away) the message is accepted: it is never lost.
    """
    key = f"feedback-posts:{client_address(request)}"
    try:
        for _attempt in range(2):  # the count may expire between add() and incr()
            cache.add(key, 0, FEEDBACK_WINDOW)
            try:
                return cache.incr(key) > FEEDBACK_LIMIT
            except ValueError:
                continue
    except Exception as error:  # the cache is away: whatever its client raises
        logger.warning("feedback: rate limit unavailable (%s)", error)
    return False


@cache_query("page")
def feedback(request):
    """The feedback channel: a form that stores the message and thanks the sender."""
    status = 200
    if request.method == "POST":
        # Only valid messages count towards the limit, so corrections are never blocked.
        form = FeedbackForm(request.POST)
        if form.is_valid() and over_limit(request):
            form.add_error(None, _("Too many messages from your address. Try again later."))
            status = 429
        elif form.is_valid():
            item = form.save(commit=False)
            item.language = request.LANGUAGE_CODE
            item.save()
            return redirect("feedback_thanks")
    else:
        page = request.GET.get("page", "")[:500]
        form = FeedbackForm(initial={"page_url": page if page.startswith("/") else ""})
    context = {
        "form": form,
        "limit": MESSAGE_MAX_LENGTH,
        "retention_months": settings.FEEDBACK_RETENTION_MONTHS,
    }
    return render(request, "feedback/feedback.html", context, status=status)


def thanks(request):
    return render(request, "feedback/thanks.html")
