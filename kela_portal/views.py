import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


def accessibility(request):
    return render(request, "accessibility.html")


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
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page needs no database: the template reads nothing but the language."""
    return HttpResponse(loader.render_to_string("500.html", {"request": request}), status=500)
