"""What people search for: one count per language, week and normalised query, nothing else.

No address, cookie, user agent, time of day or session is read or kept; queries that look
like personal data (an e-mail address, a long number such as a phone number or a personal
identity code) are not kept at all. `delete_old_search_queries` deletes the weeks older
than SEARCH_QUERY_RETENTION_DAYS.
"""

import datetime
import logging
import re

from django.conf import settings
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone, translation

from .models import QueryCount, normalise
from .query import clean_query
from .views import RESULT_COUNT_HEADER

logger = logging.getLogger(__name__)
PERSONAL = re.compile(r"@|\d{5,}")


def week_of(day):
    return day - datetime.timedelta(days=day.weekday())


def record(language, text, results):
    """Count one search of `text` in the language this week, and whether it found nothing."""
    query = normalise(clean_query(text))
    if not query or PERSONAL.search(query.replace(" ", "").replace("-", "")):
        return
    table = QueryCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (language, week, query, count, zero_results)"  # noqa: S608
            " VALUES (%s, %s, %s, 1, %s) ON CONFLICT (language, week, query) DO UPDATE"
            f" SET count = {table}.count + 1, zero_results = excluded.zero_results",
            [language, week_of(timezone.localdate()), query, results == 0],
        )


def delete_old(today=None):
    """Delete the counts of the weeks that ended more than the retention time ago."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.SEARCH_QUERY_RETENTION_DAYS)
    deleted, _by_model = QueryCount.objects.filter(week__lt=week_of(cutoff)).delete()
    return deleted


class QueryReportMiddleware:
    """Counts the searches, served from the page cache or not: it sits before the cache and
    reads the number of results the search page carries in a header, which it removes."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                self.paths[reverse("search")] = code

    def __call__(self, request):
        response = self.get_response(request)
        results = response.get(RESULT_COUNT_HEADER)
        if results is None:
            return response
        del response[RESULT_COUNT_HEADER]
        language = self.paths.get(request.path_info)
        if language and response.status_code == 200 and results.isdigit():
            try:
                record(language, request.GET.get("q", ""), int(results))
            except DatabaseError as error:  # the count is not worth a failed search page
                logger.warning("search query not counted (%s)", error)
        return response
