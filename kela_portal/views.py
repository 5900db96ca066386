import json
import logging
import sys
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
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


# /healthz answers within this many seconds, whatever the database and the cache do.
HEALTH_CHECK_SECONDS = 1.5


@never_cache
@require_GET
def healthz(request):
    """The state of PostgreSQL and of the cache, one line each, outside the language prefix.

    503 only when the database does not answer: without it no page can be made. Without the
    cache (Redis) pages are still rendered, uncached, so the status stays 200.
    """
    current = connections[DEFAULT_DB_ALIAS]
    database = answers_in_time(database_answers, type(current), current.settings_dict)
    cache_ok = cache_answers()  # bounded by the cache's own timeouts (DJANGO_REDIS_TIMEOUT)
    if not database:
        logger.warning("healthz: database unavailable")
    body = "".join(
        f"{name}: {'ok' if ok else 'unavailable'}\n"
        for name, ok in (("database", database), ("cache", cache_ok))
    )
    return HttpResponse(body, status=200 if database else 503, content_type="text/plain")


def answers_in_time(probe, *args):
    """Whether probe(*args) returns True within HEALTH_CHECK_SECONDS (it runs in a thread of
    its own, so a service that never answers cannot hold the health check)."""
    result = []
    thread = threading.Thread(target=lambda: result.append(probe(*args)), daemon=True)
    thread.start()
    thread.join(HEALTH_CHECK_SECONDS)
    return result == [True]


def database_answers(backend, settings_dict):
    """A new connection, with the settings the requests use, runs a query."""
    database = backend(settings_dict)
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False
    finally:
        database.close()


def cache_answers():
    try:
        cache.get("healthz")
    except Exception:  # whatever the backend raises when its server is away
        return False
    return True


@require_GET
def robots_txt(request):
    """Everything public may be crawled. The admin is not named: robots.txt is public, and
    the admin's own pages tell crawlers not to index them."""
    return render(request, "robots.txt", content_type="text/plain")


def bad_request(request, exception):
    return render(request, "400.html", {"hide_alternates": True}, status=400)


def permission_denied(request, exception):
    """A page the user may not open, in the language of the request (an admin page: the
    admin's language), with the way back to where they may go."""
    in_admin = request.path.startswith(f"/{settings.ADMIN_PATH}")
    context = {"hide_alternates": True, "in_admin": in_admin}
    return render(request, "403.html", context, status=403)


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
