"""The search index: one SearchDocument per public item or page and language, kept current by
signals.

On PostgreSQL each document carries a stored tsvector, built with the text search
configuration of its language (untranslated documents hold Finnish text, so they are analysed
as Finnish); the title weighs more (A) than the text (B), and words with capitals (IT, OmaKela)
are also kept as they are ("simple"), so stop-word lists do not hide them; they and a page's
keywords (`terms`) weigh as the title. On SQLite the Snowball stems of the title (with the
terms) and the text go into the FTS5 table search_fts.
"""

import html
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Case, Q, Value, When
from django.http import Http404, HttpRequest
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname

from kela_portal.cache import content_changed

from .models import SearchDocument, SearchWord
from .registry import pages, pages_showing, searchable, searchables
from .text import acronyms, analysis_language, stems, text_search_config, words

__all__ = ["text_search_config", "index_item", "index_pages", "rebuild", "write_vectors"]

VOCABULARY_MIN_LENGTH = 4


def _clean(value):
    """Plain text: tags removed (paragraphs kept apart), entities decoded, spaces collapsed."""
    text = html.unescape(strip_tags(str(value or "").replace("<", " <")))
    return " ".join(text.split())


def _text(item, field):
    return _clean(getattr(item, field))


def remove_item(item):
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    SearchDocument.objects.filter(content_type=content_type, object_id=item.pk).delete()


def index_item(item):
    """(Re)write the item's documents in every language; none when the public cannot see it."""
    remove_item(item)
    entry = searchable(type(item))
    if entry is None or not item.is_public():
        return
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    documents = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            own = getattr(item, build_localized_fieldname(entry.title, language), "")
            documents.append(
                SearchDocument(
                    content_type=content_type,
                    object_id=item.pk,
                    language=language,
                    kind=str(entry.kind or entry.model._meta.verbose_name),
                    title=_text(item, entry.title),
                    body="\n".join(_text(item, field) for field in entry.body),
                    url=item.get_absolute_url(),
                    is_fallback=language != default and not own,
                    boost=entry.boost,
                )
            )
    _store(documents)


class _PageText(HTMLParser):
    """The first <h1> and the text of <main> of a rendered page (its h1 left out)."""

    def __init__(self):
        super().__init__()
        self.h1, self.body, self._in_main, self._in_h1, self._skip = [], [], 0, False, 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._in_main += 1
        elif tag == "h1" and not self.h1:
            self._in_h1 = True
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main -= 1
        elif tag == "h1":
            self._in_h1 = False
        elif tag in ("script", "style"):
            self._skip -= 1
        if self._in_main:
            self.body.append(" ")

    def handle_data(self, data):
        if self._in_h1:
            self.h1.append(data)
        elif self._in_main and not self._skip:
            self.body.append(data)


def render_page(path):
    """(title, text) of the page at `path` as an anonymous visitor sees it, in the active
    language; None when the visitor would not see it (its content is not there yet)."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    request.META = {
        "HTTP_HOST": hosts[0].lstrip(".") if hosts else "localhost",
        "SERVER_PORT": "443",
        "wsgi.url_scheme": "https",
    }
    request.LANGUAGE_CODE = translation.get_language()
    request.user = AnonymousUser()
    # No content version: the page's fragments are computed afresh, not taken from this
    # worker's memory of the version that is about to end (kela_portal.fragments).
    request.content_version = None
    match = resolve(path)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Http404:
        return None
    if response.status_code != 200:
        return None
    if hasattr(response, "render"):
        response.render()
    parser = _PageText()
    parser.feed(response.content.decode())
    return _clean("".join(parser.h1)), _clean("".join(parser.body))


@transaction.atomic  # a search never finds a page's documents gone while they are rewritten
def index_pages(names=None):
    """(Re)write the documents of the registered pages (all, or those named)."""
    chosen = pages(names)
    SearchDocument.objects.filter(page__in=[page.name for page in chosen]).delete()
    documents = []
    for page in chosen:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                url = reverse(page.name)
                title, body = (page.title, page.body)
                if title is None or body is None:
                    shown = render_page(url)
                    if shown is None:
                        continue
                    title, body = title or shown[0], body or shown[1]
                documents.append(
                    SearchDocument(
                        page=page.name,
                        language=language,
                        kind=str(page.kind),
                        title=_clean(title),
                        body=_clean(body),
                        url=url,
                        boost=page.boost,
                        terms=_clean(page.keywords),
                    )
                )
    _store(documents)


def _store(documents):
    for document in documents:
        found = acronyms(f"{document.title} {document.body}")
        document.terms = " ".join(dict.fromkeys([*document.terms.split(), *found]))
    created = SearchDocument.objects.bulk_create(documents)
    if connection.vendor == "postgresql":
        write_vectors(SearchDocument.objects.filter(pk__in=[d.pk for d in created]))
    elif connection.vendor == "sqlite":
        write_fts(created)
    add_vocabulary(created)


def write_vectors(documents):
    """Store the weighted tsvector of each document, analysed in its own language."""
    default = text_search_config(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    config = Case(
        *[
            When(Q(language=code, is_fallback=False), then=Value(text_search_config(code)))
            for code, _name in settings.LANGUAGES
        ],
        default=Value(default),
    )
    documents.update(
        vector=SearchVector("title", weight="A", config=config)
        + SearchVector("body", weight="B", config=config)
        + SearchVector("terms", weight="A", config=config)
        + SearchVector("terms", weight="A", config="simple")
    )


def write_fts(documents):
    """Put the documents' Snowball stems into SQLite's FTS5 table (rowid = document id)."""
    rows = []
    for document in documents:
        language = analysis_language(document.language, document.is_fallback)
        title = " ".join(stems(f"{document.title} {document.terms}", language))
        body = " ".join(stems(document.body, language))
        rows.append((document.pk, title, body))
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", rows)


def add_vocabulary(documents):
    """Add the documents' words to the vocabulary that "did you mean" suggests from."""
    found = {
        (document.language, word)
        for document in documents
        for word in words(f"{document.title} {document.body}")
        if VOCABULARY_MIN_LENGTH <= len(word) <= 100 and not word.isdigit()
    }
    SearchWord.objects.bulk_create(
        [SearchWord(language=language, word=word) for language, word in found],
        ignore_conflicts=True,
    )


def rebuild():
    """Rebuild the whole index and its vocabulary; returns the number of documents."""
    SearchDocument.objects.all().delete()
    SearchWord.objects.all().delete()
    for entry in searchables():
        for item in entry.model.objects.published():
            index_item(item)
    index_pages()
    return SearchDocument.objects.count()


def on_save(sender, instance, **kwargs):
    index_item(instance)
    entry = searchable(sender)
    if entry and entry.dependants:
        for dependant in entry.dependants(instance):
            index_item(dependant)


def on_delete(sender, instance, **kwargs):
    remove_item(instance)


def on_page_source_change(sender, **kwargs):
    """An item a page lists changed: index the page again when the transaction commits (once,
    however many items change in it)."""
    names = pages_showing(sender)
    pending = _pending_pages()
    if not pending:
        transaction.on_commit(index_pending_pages)
    pending.update(names)


_pending = {}  # database connection -> names of the pages to index when it commits


def _pending_pages():
    return _pending.setdefault(transaction.get_connection(), set())


def index_pending_pages(**kwargs):
    """After the commit: before the new content version is announced (content_changing),
    or on its own when nothing announces one."""
    names = _pending.pop(transaction.get_connection(), set())
    if names:
        index_pages(names)


def editor_content_changed(sender, using=None, **kwargs):
    """A synonym or promoted result changed: cached search pages are out of date once the
    transaction commits."""
    transaction.on_commit(content_changed, using=using)


def on_post_migrate(sender, using="default", apps=None, **kwargs):
    """After migrate the pages are indexed anew; the whole index is rebuilt when it has no
    page yet (a new or emptied database, or one indexed before pages were)."""
    migrated = {model._meta.label for model in apps.get_models()} if apps else set()
    if connection.alias != using or "search.SearchWord" not in migrated:
        return  # another database, or the search app migrated back
    if SearchDocument.objects.exclude(page="").exists():
        index_pages()
    else:
        rebuild()
