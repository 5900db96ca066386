"""What people search for: one count per language, week and normalised query, nothing else.

No address, cookie, user agent, time of day or session is read or kept; queries that look
like personal data (an e-mail address, a long number such as a phone number or a personal
identity code) are not kept at all. `delete_old_search_queries` deletes the weeks older
than SEARCH_QUERY_RETENTION_DAYS.

A search costs no write: each worker adds it to its own counts in memory, and writes them
all in one batch (a transaction of upserts) after the first request that ends at least
SEARCH_QUERY_WRITE_SECONDS after its last write, when the report is read in that worker, and
when gunicorn stops the worker (kela_portal.signals.worker_stopping). The counts do not depend on
Redis. When the database refuses the batch, the counts wait for the next one; a worker that
is killed outright loses at most those of its last interval: a count may be lost, a search
never fails for it.
"""

import datetime
import logging
import re
import threading
import time

from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from kela_portal.signals import worker_stopping

from .models import QueryCount, normalise
from .query import clean_query
from .views import RESULT_COUNT_HEADER

logger = logging.getLogger(__name__)
PERSONAL = re.compile(r"@|\d{5,}")
# Distinct queries one worker keeps between writes: more are not counted (memory is bounded).
MAX_PENDING = 10_000


def week_of(day):
    return day - datetime.timedelta(days=day.weekday())


class PendingCounts:
    """This worker's searches not yet written: (language, week, query) → [count, no results].

    "No results" is that of the latest search, as a row keeps it."""

    def __init__(self):
        self.lock = threading.Lock()  # gunicorn may run several threads per worker
        self.counts = {}
        self.written = time.monotonic()

    def add(self, key, count=1, zero_results=False):
        with self.lock:
            entry = self.counts.get(key)
            if entry is not None:
                entry[0] += count
                entry[1] = zero_results
            elif len(self.counts) < MAX_PENDING:
                self.counts[key] = [count, zero_results]

    def due(self):
        return time.monotonic() - self.written >= settings.SEARCH_QUERY_WRITE_SECONDS

    def take(self):
        with self.lock:
            counts, self.counts, self.written = self.counts, {}, time.monotonic()
        return counts

    def clear(self):
        self.take()


PENDING = PendingCounts()


def record(language, text, results):
    """Count one search of `text` in the language this week, and whether it found nothing."""
    query = normalise(clean_query(text))
    if not query or PERSONAL.search(query.replace(" ", "").replace("-", "")):
        return
    PENDING.add((language, week_of(timezone.localdate()), query), zero_results=results == 0)


def write_pending():
    """Write this worker's counts in one transaction; the number of rows written or updated.

    When the database refuses them they are kept for the next write."""
    counts = PENDING.take()
    if not counts:
        return 0
    table = QueryCount._meta.db_table
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (language, week, query, count, zero_results)"  # noqa: S608
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (language, week, query) DO UPDATE"
                f" SET count = {table}.count + excluded.count,"
                " zero_results = excluded.zero_results",
                [(*key, count, zero) for key, (count, zero) in counts.items()],
            )
    except DatabaseError as error:  # the counts are not worth a failed page: try again later
        logger.warning("search queries not counted yet (%s)", error)
        for key, (count, zero) in counts.items():
            PENDING.add(key, count, zero)
        return 0
    return len(counts)


def write_when_due(**kwargs):
    """After a response has been sent (request_finished), once an interval."""
    if PENDING.due():
        write_pending()


def write_before_stopping(**kwargs):
    write_pending()


request_finished.connect(write_when_due, dispatch_uid="search.report.write_when_due")
worker_stopping.connect(write_before_stopping, dispatch_uid="search.report.write_before_stopping")


def delete_old(today=None):
    """Delete the counts of the weeks that ended more than the retention time ago."""
    write_pending()
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
            record(language, request.GET.get("q", ""), int(results))
        return response
