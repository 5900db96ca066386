import datetime
import json
import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
    """Everything public may be crawled. The admin is not named: robots.txt is public, and
    the admin's own pages tell crawlers not to index them."""
    return render(request, "robots.txt", content_type="text/plain")


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
