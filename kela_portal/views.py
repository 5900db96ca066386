import datetime
import json
import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import search as site_search
from .forms import FeedbackForm

logger = logging.getLogger(__name__)


def home(request):
    """The front page, with JSON-LD describing Kela as a government organisation."""
    organisation = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": _("Kela, the Social Insurance Institution of Finland"),
        "alternateName": ["Kela", "FPA"],
        "url": "https://www.kela.fi/",
        "areaServed": {"@type": "Country", "name": _("Finland")},
    }
    data = json.dumps(organisation, ensure_ascii=False).replace("<", "\\u003c")
    return render(request, "home.html", {"organisation_json_ld": data})


# The accessibility statement's dates: update reviewed_date whenever it is reviewed.
STATEMENT_DATE = datetime.date(2026, 11, 25)
STATEMENT_REVIEWED = datetime.date(2026, 11, 25)


def accessibility(request):
    return render(
        request,
        "accessibility.html",
        {"statement_date": STATEMENT_DATE, "reviewed_date": STATEMENT_REVIEWED},
    )


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not. Outside the language prefix."""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("healthz: database unavailable")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    return render(
        request, "robots.txt", {"admin_path": settings.ADMIN_PATH}, content_type="text/plain"
    )


def page_not_found(request, exception):
    return render(request, "404.html", {"hide_alternates": True}, status=404)


def server_error(request):
    """The error page, rendered without the database.

    When the error is the database being out of reach, the visitor gets the localised
    "temporarily unavailable" page with status 503 and Retry-After instead.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        html = loader.render_to_string("503.html", {"request": request})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html", {"request": request}), status=500)


RETRY_AFTER_SECONDS = 30
FEEDBACK_LIMIT = 5  # posts per client address
FEEDBACK_WINDOW = 3600  # seconds


def _feedback_rate_key(request):
    return f"feedback-posts:{request.META.get('REMOTE_ADDR', '')}"


def feedback(request):
    """The feedback channel: a form that stores the message and thanks the sender."""
    status = 200
    if request.method == "POST":
        # Only stored messages count towards the limit, so corrections are never blocked.
        key = _feedback_rate_key(request)
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
    return render(request, "feedback.html", {"form": form}, status=status)


def feedback_thanks(request):
    return render(request, "feedback_thanks.html")


def search(request):
    """The search page: results ranked, highlighted and paged; any input is safe."""
    query = site_search.clean_query(request.GET.get("q", ""))
    page = None
    if query:
        results = site_search.search(query, request.LANGUAGE_CODE)
        page = Paginator(results, site_search.PAGE_SIZE).get_page(request.GET.get("page"))
        for document in page:
            document.snippet = site_search.snippet(document)
    return render(request, "search.html", {"query": query, "page": page})
