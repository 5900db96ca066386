"""The search query: the visitor's words against the documents of one language, best first.

On PostgreSQL the stored tsvector is matched with the language's text search configuration
(and Finnish, for untranslated documents), ranked, and the snippet highlighted; elsewhere (the
SQLite default of `make run`) search falls back to a case-insensitive match.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .index import MARK_START, MARK_STOP, text_search_config
from .models import SearchDocument

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20


def clean_query(text):
    """Whitespace collapsed, NUL removed (PostgreSQL refuses it), at most 200 characters."""
    return " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def _tsquery(text, config):
    """The words as typed (websearch syntax never raises) or with the last word as a prefix."""
    query = SearchQuery(text, config=config, search_type="websearch")
    words = re.findall(r"[^\W_]+", text)
    if words:
        prefix = SearchQuery(f"{words[-1]}:*", config=config, search_type="raw")
        rest = text[: text.rfind(words[-1])]
        if re.search(r"[^\W_]", rest):
            prefix = SearchQuery(rest, config=config, search_type="websearch") & prefix
        query = query | prefix
    return query


def search(text, language):
    """Published documents in the language that match, best first (a queryset)."""
    documents = SearchDocument.objects.filter(language=language)
    if connection.vendor != "postgresql":
        return documents.filter(Q(title__icontains=text) | Q(body__icontains=text)).order_by(
            "title"
        )
    config = text_search_config(language)
    query = _tsquery(text, config)
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language != default:
        query = query | _tsquery(text, text_search_config(default))
    return (
        documents.filter(vector=query)
        .annotate(
            rank=SearchRank(F("vector"), query),
            headline=SearchHeadline(
                "body",
                query,
                config=config,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-rank", "title")
    )


def snippet(document):
    """The highlighted snippet, HTML-escaped, with the matches in <mark>."""
    text = getattr(document, "headline", None) or document.body[:240]
    marked = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above, only <mark> added
