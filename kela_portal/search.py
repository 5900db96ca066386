"""Full-text search over all published content, in Finnish, Swedish and English.

A content model takes part by naming its fields: `search_title_field` (e.g. "name") and
`search_body_fields` (e.g. ("summary", "body")), and by having get_absolute_url(). Each
published item gets one SearchDocument per language, kept current by signals. On PostgreSQL
the documents carry a stored, GIN-indexed tsvector built with the language's text search
configuration; elsewhere (the SQLite default of `make run`) search falls back to a
case-insensitive match.
"""

import re

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname

from .models import ContentModel, SearchDocument

CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
_START, _STOP = "\x02", "\x03"  # highlight markers: never in escaped text


def searchable_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ContentModel) and getattr(model, "search_title_field", None)
    ]


def is_searchable(item):
    return getattr(type(item), "search_title_field", None) is not None


def is_public(item):
    """Published, and (for items shown inside a parent) the parent is published too."""
    return item.is_published and getattr(item, "is_publicly_visible", True)


def _text(item, field):
    value = str(getattr(item, field) or "").replace("<", " <")  # keep paragraphs apart
    return " ".join(strip_tags(value).replace(_START, "").replace(_STOP, "").split())


def index_item(item):
    """(Re)write the item's documents in every language; none when it is not published."""
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    SearchDocument.objects.filter(content_type=content_type, object_id=item.pk).delete()
    if not is_public(item):
        return
    model = type(item)
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    documents = []
    for language in CONFIGS:
        with translation.override(language):
            own = getattr(item, build_localized_fieldname(model.search_title_field, language), "")
            documents.append(
                SearchDocument(
                    content_type=content_type,
                    object_id=item.pk,
                    language=language,
                    kind=str(model._meta.verbose_name),
                    title=_text(item, model.search_title_field),
                    body="\n".join(_text(item, field) for field in model.search_body_fields),
                    url=item.get_absolute_url(),
                    is_fallback=language != default and not own,
                )
            )
    created = SearchDocument.objects.bulk_create(documents)
    if connection.vendor == "postgresql":
        _write_vectors([document.pk for document in created])


def _write_vectors(ids):
    # Untranslated documents hold Finnish text, so they are analysed as Finnish.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE kela_portal_searchdocument AS d SET vector =
                setweight(to_tsvector(c.cfg::regconfig, d.title), 'A')
                || setweight(to_tsvector(c.cfg::regconfig, d.body), 'B')
            FROM (SELECT id, CASE WHEN is_fallback THEN 'finnish' ELSE
                    CASE language WHEN 'sv' THEN 'swedish' WHEN 'en' THEN 'english'
                    ELSE 'finnish' END END AS cfg
                  FROM kela_portal_searchdocument WHERE id = ANY(%s)) AS c
            WHERE d.id = c.id
            """,
            [ids],
        )


def remove_item(item):
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    SearchDocument.objects.filter(content_type=content_type, object_id=item.pk).delete()


def rebuild():
    """Rebuild the whole index; returns the number of documents."""
    SearchDocument.objects.all().delete()
    for model in searchable_models():
        for item in model.objects.published():
            index_item(item)
    return SearchDocument.objects.count()


def on_save(sender, instance=None, **kwargs):
    if instance is not None and is_searchable(instance):
        index_item(instance)
        # Items shown inside this one (units under a unit) appear and vanish with it.
        for dependant in getattr(instance, "search_dependants", tuple)():
            index_item(dependant)


def on_delete(sender, instance=None, **kwargs):
    if instance is not None and is_searchable(instance):
        remove_item(instance)


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
    config = CONFIGS[language]
    query = _tsquery(text, config)
    if language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        query = query | _tsquery(text, "finnish")
    return (
        documents.filter(vector=query)
        .annotate(
            rank=SearchRank(F("vector"), query),
            headline=SearchHeadline(
                "body",
                query,
                config=config,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-rank", "title")
    )


def snippet(document):
    """The highlighted snippet, HTML-escaped, with the matches in <mark>."""
    text = getattr(document, "headline", None) or document.body[:240]
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above, only <mark> added
