"""The search index: one SearchDocument per public item and language, kept current by signals.

On PostgreSQL each document carries a stored tsvector, built with the text search
configuration of its language (untranslated documents hold Finnish text, so they are analysed
as Finnish); the title weighs more (A) than the text (B).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Case, Q, Value, When
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname

from .models import SearchDocument
from .registry import searchable, searchables

MARK_START, MARK_STOP = "\x02", "\x03"  # highlight markers: never in indexed text


def text_search_config(language):
    """PostgreSQL's text search configuration of a language: "finnish" for fi, and so on."""
    return translation.get_language_info(language)["name"].lower()


def _text(item, field):
    value = str(getattr(item, field) or "").replace("<", " <")  # keep paragraphs apart
    return " ".join(strip_tags(value).replace(MARK_START, "").replace(MARK_STOP, "").split())


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
                    kind=str(entry.model._meta.verbose_name),
                    title=_text(item, entry.title),
                    body="\n".join(_text(item, field) for field in entry.body),
                    url=item.get_absolute_url(),
                    is_fallback=language != default and not own,
                )
            )
    created = SearchDocument.objects.bulk_create(documents)
    if connection.vendor == "postgresql":
        write_vectors(SearchDocument.objects.filter(pk__in=[d.pk for d in created]))


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
    )


def rebuild():
    """Rebuild the whole index; returns the number of documents."""
    SearchDocument.objects.all().delete()
    for entry in searchables():
        for item in entry.model.objects.published():
            index_item(item)
    return SearchDocument.objects.count()


def on_save(sender, instance, **kwargs):
    index_item(instance)
    entry = searchable(sender)
    if entry and entry.dependants:
        for dependant in entry.dependants(instance):
            index_item(dependant)


def on_delete(sender, instance, **kwargs):
    remove_item(instance)
