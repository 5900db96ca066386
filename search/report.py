"""What people search for: counts per language, week and query that cannot identify anyone.

No address, cookie, user agent, time of day or session is read or kept, and no query that
could name, locate or reach a person. The rule, applied to every search (`kept`):

- a query with a digit (a telephone number, an identity code, a street address) or an e-mail
  sign (@ and its look-alikes, "(at)", "[at]", "… at … dot …") is not kept;
- a word is known when it is a word of the index's vocabulary (search.models.SearchWord, the
  words of the published text) or begins one ("kuntoutus" in "kuntoutuspalvelut"); words
  shorter than the vocabulary's (VOCABULARY_MIN_LENGTH) are never known;
- a search that found something is kept as typed (normalised) when every word is known;
- a search that found nothing is kept only as a count of each of its words, when every word
  is known;
- any other search is counted as "not kept", with no text.

So "Matti Meikäläinen" is not kept, whatever was found, as long as the surname is no word of
the portal's text. The limitation: a name whose every part is a word of the text, or begins
one, is kept, such as a first name alone that is also an ordinary word ("Anna", "give") or the
name of a person the portal itself names. `delete_old_search_queries` deletes the weeks older
than SEARCH_QUERY_RETENTION_DAYS.

A search costs no write: each worker adds it to its own counts in memory (where a query waits
for the vocabulary to be asked, once a batch), and writes them all in one batch (a
transaction of upserts) after the first request that ends at least SEARCH_QUERY_WRITE_SECONDS
after its last write, when the report is read in that worker, and when gunicorn stops the
worker (kela_portal.signals.worker_stopping). The counts do not depend on Redis. When the
database refuses the batch, the counts wait for the next one; a worker that is killed outright
loses at most those of its last interval: a count may be lost, a search never fails for it.
"""

import datetime
import logging
import operator
import re
import threading
import time
import unicodedata
from collections import Counter
from functools import reduce

from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from kela_portal.signals import worker_stopping

from .index import VOCABULARY_MIN_LENGTH
from .models import QueryCount, SearchWord, normalise
from .query import clean_query
from .text import words
from .views import RESULT_COUNT_HEADER

logger = logging.getLogger(__name__)
# Read after NFKC, which turns full-width and small forms ("＠", "﹫", "０") into plain ones.
IDENTIFYING = re.compile(
    r"\d|@|[(\[{<]\s*at\s*[)\]}>]|(?<!\w)at(?!\w).*(?<!\w)dot(?!\w)", re.IGNORECASE
)
# Words looked up in the vocabulary in one query.
WORDS_PER_QUERY = 200
# Distinct queries one worker keeps between writes: more are not counted (memory is bounded).
MAX_PENDING = 10_000


def week_of(day):
    return day - datetime.timedelta(days=day.weekday())


class PendingCounts:
    """This worker's searches not yet written: (language, week, query, no results) → count."""

    def __init__(self):
        self.lock = threading.Lock()  # gunicorn may run several threads per worker
        self.counts = {}
        self.written = time.monotonic()

    def add(self, key, count=1):
        with self.lock:
            if key in self.counts:
                self.counts[key] += count
            elif len(self.counts) < MAX_PENDING:
                self.counts[key] = count

    def due(self):
        return time.monotonic() - self.written >= settings.SEARCH_QUERY_WRITE_SECONDS

    def take(self):
        with self.lock:
            counts, self.counts, self.written = self.counts, {}, time.monotonic()
        return counts

    def clear(self):
        self.take()


PENDING = PendingCounts()


def identifying(query):
    """Whether the query has a digit or an e-mail sign, however it is written."""
    return bool(IDENTIFYING.search(unicodedata.normalize("NFKC", query)))


def known_words(vocabulary, language, found):
    """The words of `found` the index knows in the language: its vocabulary's words and the
    beginnings of them (Finnish and Swedish texts hold "kuntoutus" more often in compounds and
    inflected forms than alone). `vocabulary` is SearchWord's manager, or a migration's."""
    found = sorted({word for word in found if len(word) >= VOCABULARY_MIN_LENGTH})
    known = set()
    for start in range(0, len(found), WORDS_PER_QUERY):
        asked = set(found[start : start + WORDS_PER_QUERY])
        begins = reduce(operator.or_, (Q(word__startswith=word) for word in asked))
        for word in vocabulary.filter(begins, language=language).values_list("word", flat=True):
            known |= asked.intersection(word[:end] for end in range(len(word), 0, -1))
    return known


def kept(counts, vocabulary):
    """The report's rows for `counts` ({(language, week, query, no results): searches}) by the
    module's rule: a search as typed, as its words, or under an empty query (not kept)."""
    typed = {key: [] if identifying(key[2]) else words(key[2]) for key in counts}
    asked = {}
    for (language, *_rest), found in typed.items():
        asked.setdefault(language, set()).update(found)
    known = {
        language: known_words(vocabulary, language, found) for language, found in asked.items()
    }
    rows = Counter()
    for key, searches in counts.items():
        language, week, query, zero_results = key
        found = typed[key]
        if not found or not known[language].issuperset(found):
            rows[language, week, "", zero_results] += searches
        elif zero_results:
            for word in dict.fromkeys(found):
                rows[language, week, word, True] += searches
        else:
            rows[key] += searches
    return rows


def record(language, text, results):
    """Count one search of `text` in the language this week, and whether it found nothing;
    one with a digit or an e-mail sign is counted as not kept at once."""
    query = normalise(clean_query(text))
    if query:
        query = "" if identifying(query) else query
        PENDING.add((language, week_of(timezone.localdate()), query, results == 0))


def write_pending():
    """Write what this worker's counts keep in one transaction; the number of rows written or
    updated. When the database refuses them they are kept for the next write."""
    counts = PENDING.take()
    if not counts:
        return 0
    table = QueryCount._meta.db_table
    try:
        rows = kept(counts, SearchWord.objects)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (language, week, query, zero_results, count)"  # noqa: S608
                " VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (language, week, query, zero_results) DO UPDATE"
                f" SET count = {table}.count + excluded.count",
                [(*key, count) for key, count in rows.items()],
            )
    except DatabaseError as error:  # the counts are not worth a failed page: try again later
        logger.warning("search queries not counted yet (%s)", error)
        for key, count in counts.items():
            PENDING.add(key, count)
        return 0
    return len(rows)


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
