from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = settings.LANGUAGES


def normalise(text):
    """A query as it is compared and counted: case-folded, whitespace collapsed."""
    return " ".join((text or "").casefold().split())


class SearchDocument(models.Model):
    """One published content item or page in one language, as the search finds it.

    Maintained by search.index on every save and delete; the text search vector is stored
    (weighted: title A, text B) and GIN-indexed on PostgreSQL; on SQLite the stemmed words are
    kept in the FTS5 table search_fts (rowid = id). A registered page (not a model: the home,
    the sections, the tools) has `page` set instead of a content type and object.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    page = models.CharField(max_length=100, blank=True, default="", db_default="")
    language = models.CharField(max_length=5)
    kind = models.CharField(max_length=100)
    title = models.TextField()
    body = models.TextField()
    url = models.CharField(max_length=500)
    is_fallback = models.BooleanField(default=False)
    # How much the document's relevance counts: pages and topics above single list entries.
    boost = models.FloatField(default=1.0, db_default=1.0)
    # Found like the title, not shown: a page's keywords, and the words with capitals (IT,
    # OmaKela), also kept as they are, so that no stop-word list hides them.
    terms = models.TextField(blank=True, default="", db_default="", editable=False)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="one_document_per_language"
            ),
            models.UniqueConstraint(
                fields=["page", "language"],
                condition=~Q(page=""),
                name="one_page_document_per_language",
            ),
            models.CheckConstraint(
                condition=Q(page="", content_type__isnull=False, object_id__isnull=False)
                | (~Q(page="") & Q(content_type__isnull=True, object_id__isnull=True)),
                name="search_document_is_an_item_or_a_page",
            ),
        ]
        # fastupdate off: edits are rare, and every search then finds the index fully merged.
        indexes = [GinIndex(fields=["vector"], name="search_vector_gin", fastupdate=False)]

    def __str__(self):
        return f"{self.language}: {self.title}"


class SearchWord(models.Model):
    """A word of the indexed text in a language: the vocabulary "did you mean" chooses from.

    Trigram-indexed on PostgreSQL (pg_trgm); on SQLite compared by edit distance.
    """

    language = models.CharField(max_length=5)
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="one_search_word_per_language"
            )
        ]

    def __str__(self):
        return f"{self.language}: {self.word}"


class Synonym(models.Model):
    """Words that mean the same in searches of one language, such as "FPA" and "Kela"."""

    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    words = models.CharField(
        _("words"),
        max_length=500,
        help_text=_(
            "Words or expressions that mean the same, separated by commas, for example "
            "“FPA, Kela”. A search for any of them also finds the others."
        ),
    )

    editor_actions = ("add", "change", "delete", "view")

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["language", "words"]
        constraints = [
            models.CheckConstraint(
                condition=Q(words__contains=","), name="search_synonym_has_two_words"
            )
        ]

    def __str__(self):
        return self.words

    def terms(self):
        return [normalise(term) for term in self.words.split(",") if normalise(term)]

    def clean(self):
        if len(self.terms()) < 2:
            raise ValidationError({"words": _("Give at least two words, separated by a comma.")})


class PromotedResult(models.Model):
    """A page an editor pins first for a query in one language."""

    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    query = models.CharField(
        _("search words"),
        max_length=200,
        help_text=_("The search words, as a visitor types them; case does not matter."),
    )
    url = models.CharField(
        _("page address"),
        max_length=500,
        help_text=_(
            "The address of a page of this portal in the same language, as shown in the "
            "browser without the host, for example /fi/kumppanit/aiheet/…/."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    editor_actions = ("add", "change", "delete", "view")

    class Meta:
        verbose_name = _("promoted result")
        verbose_name_plural = _("promoted results")
        ordering = ["language", "query", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "query", "url"], name="search_promoted_once_per_query"
            )
        ]

    def __str__(self):
        return f"{self.query} → {self.url}"

    def save(self, *args, **kwargs):
        self.query = normalise(self.query)
        super().save(*args, **kwargs)

    def clean(self):
        self.query = normalise(self.query)
        if not SearchDocument.objects.filter(language=self.language, url=self.url).exists():
            raise ValidationError(
                {"url": _("No searchable page of the portal has this address in this language.")}
            )


class QueryCount(models.Model):
    """How many times a query was searched in a language in a week: counts, nothing else.

    Only searches that cannot identify anyone are kept (the rule is search.report's): one
    that found something as typed, one that found nothing as one row per word, and all others
    as one count with no text (`query` empty). No address, cookie, user agent or time of day is
    kept; the rows are deleted after SEARCH_QUERY_RETENTION_DAYS by `delete_old_search_queries`.
    """

    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    week = models.DateField(_("week starting"))
    query = models.CharField(_("search words"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.BooleanField(_("no results"), default=False)

    editor_actions = ("view",)

    class Meta:
        verbose_name = _("search query count")
        verbose_name_plural = _("search query counts")
        ordering = ["-week", "language", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "week", "query", "zero_results"],
                name="search_query_counted_once_a_week",
            ),
            # Whatever the code does, no telephone number, identity code or e-mail address.
            models.CheckConstraint(
                condition=~Q(query__regex=r"[0-9@＠﹫]"),
                name="search_query_has_no_digit_or_at_sign",
            ),
            # A search that found nothing is kept only as its words, one a row.
            models.CheckConstraint(
                condition=Q(zero_results=False) | ~Q(query__contains=" "),
                name="search_query_without_results_is_one_word",
            ),
        ]

    def __str__(self):
        return self.query
