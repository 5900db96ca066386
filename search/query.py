"""The search query: the visitor's words against the documents of one language, best first.

The words are read the same way on both databases: each word matches its stem in the
language (and in Finnish, for untranslated documents), or a shortened stem as a prefix (the
Snowball stems of "kuntoutukseen" and "kuntoutus" differ in their ending), and the last word
as typed is a prefix too. Editors' synonyms add alternative queries, and their promoted
results come first.

PostgreSQL matches the stored tsvector (GIN) and ranks with ts_rank; SQLite matches its FTS5
table of stems and ranks with bm25. Both weigh the title above the text and multiply by each
document's boost. The snippet is cut and highlighted in Python, the same way for both.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Window
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .index import MARK_START, MARK_STOP
from .models import PromotedResult, SearchDocument, SearchWord, Synonym, normalise
from .text import WORD, analysis_language, stemmer, text_search_config, words

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
MAX_WORDS = 10  # words of one query that are matched (the rest are ignored)
MIN_PREFIX = 4  # a shortened stem shorter than this would match too much
SHORTENED_BY = {"fi": 2, "sv": 2, "en": 1}  # characters cut from a stem to match its other forms
FEW_RESULTS = 3  # fewer than this, and "did you mean" looks for a better spelling
TITLE_WEIGHT = 10.0  # SQLite's bm25: a title word counts ten times a text word


def clean_query(text):
    """Whitespace collapsed, NUL removed (PostgreSQL refuses it), at most 200 characters."""
    return " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def _languages(language):
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [language] if language == default else [language, default]


@dataclass
class Word:
    """One word of the query: the stems it matches exactly and the prefixes it matches."""

    stems: set
    prefixes: set


def read_words(text, language):
    """The query's words, each with its stems and prefixes in the language (and Finnish)."""
    found = words(text)[:MAX_WORDS]
    read = []
    for position, word in enumerate(found):
        stems, prefixes = set(), set()
        for code in _languages(language):
            stem = stemmer(code).stemWord(word)
            stems.add(stem)
            shortened = stem[: len(stem) - SHORTENED_BY.get(code, 0)]
            if len(shortened) >= MIN_PREFIX:
                prefixes.add(shortened)
        if position == len(found) - 1 and len(word) >= 3:
            prefixes.add(word)  # the last word may still be being typed
        read.append(Word(stems, prefixes))
    return read


def alternatives(text, language):
    """The query and, for each of the editors' synonyms it contains, the query with the
    synonym's other words instead."""
    query = normalise(text)
    found = [query]
    for synonym in Synonym.objects.filter(language=language):
        terms = synonym.terms()
        for term in terms:
            pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")
            if pattern.search(query):
                found += [pattern.sub(other, query) for other in terms if other != term]
                break
    return list(dict.fromkeys(found))[:MAX_WORDS]


def search(text, language, exclude=()):
    """Published documents in the language that match, best first, but those whose ids are
    in `exclude` (a queryset on PostgreSQL, a sequence of ranked documents on SQLite)."""
    texts = alternatives(text, language)
    if connection.vendor == "postgresql":
        documents = SearchDocument.objects.filter(language=language).exclude(pk__in=exclude)
        return _search_postgresql(documents, texts, language)
    return _search_sqlite(texts, language, set(exclude))


def _quoted(term):
    return "'" + term.replace("'", "''").replace("\\", "") + "'"


def _tsquery(text, language):
    """One alternative as a tsquery: the words as typed (websearch syntax never raises), in
    the language and in Finnish and as they are, or each word by its stems and prefixes."""
    query = None
    for code in [*_languages(language), None]:
        config = text_search_config(code) if code else "simple"
        typed = SearchQuery(text, config=config, search_type="websearch")
        query = typed if query is None else query | typed
    read = read_words(text, language)
    if read:
        groups = [
            " | ".join([*map(_quoted, w.stems), *(f"{_quoted(p)}:*" for p in w.prefixes)])
            for w in read
        ]
        raw = " & ".join(f"({group})" for group in groups)
        query = query | SearchQuery(raw, config="simple", search_type="raw")
    return query


def _search_postgresql(documents, texts, language):
    query = None
    for alternative in texts:
        one = _tsquery(alternative, language)
        query = one if query is None else query | one
    return CountedWithFirstPage(
        documents.filter(vector=query)
        .annotate(rank=SearchRank(F("vector"), query) * F("boost"), total=Window(Count("pk")))
        .order_by("-rank", "title")
    )


class CountedWithFirstPage:
    """The ranked queryset as the Paginator takes it, the count read with the first page
    (COUNT(*) OVER ()): a first page of results costs one query, not a count and a page."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.first_page = None

    def _first_page(self):
        if self.first_page is None:
            self.first_page = list(self.queryset[:PAGE_SIZE])
        return self.first_page

    def count(self):
        first = self._first_page()
        return first[0].total if first else 0

    def first(self):
        first = self._first_page()
        return first[0] if first else None

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice) and not index.start and (index.stop or 0) <= PAGE_SIZE:
            return self._first_page()[: index.stop]
        return self.queryset[index]

    def explain(self, **options):
        return self.queryset.explain(**options)


def _fts_term(term, prefix=False):
    return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_query(texts, language):
    """The alternatives as one FTS5 query: words AND-ed, each matching any of its forms."""
    ors = []
    for alternative in texts:
        read = read_words(alternative, language)
        if read:
            groups = [
                " OR ".join(
                    [*map(_fts_term, sorted(w.stems)), *(_fts_term(p, True) for p in w.prefixes)]
                )
                for w in read
            ]
            ors.append(" AND ".join(f"({group})" for group in groups))
    return " OR ".join(f"({one})" for one in ors)


class RankedDocuments:
    """The matching documents, best first, as the Paginator takes them: one FTS5 query ranks
    every match (ids only), and a page loads only its own documents."""

    def __init__(self, ids):
        self.ids = ids

    def count(self):
        return len(self.ids)

    def first(self):
        return self[0] if self.ids else None

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        found = SearchDocument.objects.in_bulk(ids)
        documents = [found[pk] for pk in ids if pk in found]
        return documents if isinstance(index, slice) else documents[0]


def _search_sqlite(texts, language, exclude):
    match = fts_query(texts, language)
    if not match:
        return RankedDocuments([])
    with connection.cursor() as cursor:
        # bm25 is negative, lower is better: multiplied by the boost, the best come first.
        cursor.execute(
            "SELECT d.id FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid"
            " WHERE search_fts MATCH %s AND d.language = %s"
            " ORDER BY bm25(search_fts, %s, 1.0) * d.boost, d.title",
            [match, language, TITLE_WEIGHT],
        )
        return RankedDocuments([pk for (pk,) in cursor.fetchall() if pk not in exclude])


def promoted(text, language):
    """The documents editors pinned to this query in this language, in their order."""
    pinned = list(
        PromotedResult.objects.filter(language=language, query=normalise(text)).values_list(
            "url", flat=True
        )
    )
    if not pinned:
        return []
    found = {d.url: d for d in SearchDocument.objects.filter(language=language, url__in=pinned)}
    return [found[url] for url in pinned if url in found]


def suggestion(text, language):
    """The query with each word the index does not know replaced by the closest word it
    knows (pg_trgm similarity on PostgreSQL, edit distance on SQLite); None if none."""
    typed = words(text)[:MAX_WORDS]
    unknown = set(typed) - set(
        SearchWord.objects.filter(language=language, word__in=typed).values_list("word", flat=True)
    )
    unknown = {w for w in unknown if len(w) >= 4 and not w.isdigit()}
    if not unknown:
        return None
    closest = _closest_postgresql if connection.vendor == "postgresql" else _closest_sqlite
    replaced = {word: closest(word, language) for word in unknown}
    if not any(replaced.values()):
        return None
    return " ".join(replaced.get(word) or word for word in typed)


def _closest_postgresql(word, language):
    """One query: the words pg_trgm finds similar and those beginning like the word."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, word %% %s, similarity(word, %s) FROM search_searchword"
            " WHERE language = %s AND (word %% %s OR word LIKE %s)",
            [word, word, language, word, f"{word[:3]}%"],
        )
        rows = cursor.fetchall()
    inflected = closest_inflected(word, [found for found, *_ in rows if found.startswith(word[:3])])
    if inflected:  # before trigrams, which favour compounds ("kelankuntoutus")
        return inflected
    similar = [(-similarity, found) for found, is_similar, similarity in rows if is_similar]
    return min(similar)[1] if similar else None


def edit_distance(a, b, limit):
    """Levenshtein distance of a and b, or limit + 1 once it is sure to exceed limit."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _closest_sqlite(word, language):
    limit = 1 if len(word) <= 5 else 2
    candidates = SearchWord.objects.filter(language=language, word__startswith=word[0]).extra(
        where=["length(word) BETWEEN %s AND %s"], params=[len(word) - limit, len(word) + limit]
    )
    best = None
    for candidate in candidates.values_list("word", flat=True):
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or (distance, candidate) < best):
            best = (distance, candidate)
    if best:
        return best[1]
    prefixed = SearchWord.objects.filter(language=language, word__startswith=word[:3])
    return closest_inflected(word, prefixed.values_list("word", flat=True), limit)


def closest_inflected(word, candidates, limit=2):
    """The candidate whose beginning is closest to the word: Finnish and Swedish texts often
    hold a word only inflected ("kuntoutuksen"), never in the form typed wrong ("kuntotus" for
    "kuntoutus"). The shortest such word wins a tie; None if none is within the limit."""
    best = None
    for candidate in candidates:
        distance = edit_distance(word, candidate[: len(word) + 1], limit)
        if distance <= limit and (best is None or (distance, len(candidate), candidate) < best):
            best = (distance, len(candidate), candidate)
    return best[2] if best else None


def snippet(document, text=""):
    """The highlighted snippet, HTML-escaped, with the matches in <mark>."""
    marked = (
        escape(_highlight(document, text))
        .replace(MARK_START, "<mark>")
        .replace(MARK_STOP, "</mark>")
    )
    return mark_safe(marked)  # noqa: S308 - escaped above, only <mark> added


SNIPPET_WORDS = 30


def _highlight(document, text):
    """Up to 30 words of the text from a little before the first match, the matching words
    marked: the
    same on both databases (PostgreSQL's ts_headline would drop text that looks like a tag,
    and FTS5 holds stems rather than the text)."""
    body = document.body
    read = read_words(text, document.language) if text else []
    language = analysis_language(document.language, document.is_fallback)
    stem = stemmer(language).stemWord
    spans = list(WORD.finditer(body))

    def matches(word):
        word = word.casefold()
        return any(
            stem(word) in w.stems or any(word.startswith(p) for p in w.prefixes) for w in read
        )

    hits = [i for i, span in enumerate(spans) if matches(span.group())]
    if not spans:
        return body[:240]
    first = max(0, (hits[0] if hits else 0) - SNIPPET_WORDS // 3)
    window = spans[first : first + SNIPPET_WORDS]
    pieces, position = ["… " if first else ""], window[0].start()
    for span in window:
        if span.start() in {spans[i].start() for i in hits}:
            pieces += [body[position : span.start()], MARK_START, span.group(), MARK_STOP]
            position = span.end()
    pieces.append(body[position : window[-1].end()])
    if first + SNIPPET_WORDS < len(spans):
        pieces.append(" …")
    return "".join(pieces)
