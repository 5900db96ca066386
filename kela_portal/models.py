"""What every piece of editable content shares: a stable key, a published flag, a date."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


def filled(field):
    """A database condition: the column holds text (neither NULL nor empty)."""
    return models.Q(**{f"{field}__isnull": False}) & ~models.Q(**{field: ""})


class ContentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class ContentModel(models.Model):
    """Abstract base of every content model: loaded by key, published or draft, dated."""

    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used by the content files. Do not change it."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished items are drafts: only staff can preview them."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True


class Feedback(models.Model):
    """Feedback sent through the accessibility feedback channel; handled by editors."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ANSWERED = "answered", _("answered")

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    message = models.TextField(_("message"), max_length=5000)
    page_url = models.CharField(_("page address"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    answered_at = models.DateField(_("date answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(message=""), name="feedback_message_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class SearchDocument(models.Model):
    """One published content item in one language, as the search finds it.

    Maintained by kela_portal.search on every save and delete; the text search vector is
    stored (weighted: title A, text B) and GIN-indexed on PostgreSQL.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=5)
    kind = models.CharField(max_length=100)
    title = models.TextField()
    body = models.TextField()
    url = models.CharField(max_length=500)
    is_fallback = models.BooleanField(default=False)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="one_document_per_language"
            )
        ]
        # fastupdate off: edits are rare, and every search then finds the index fully merged.
        indexes = [GinIndex(fields=["vector"], name="search_vector_gin", fastupdate=False)]

    def __str__(self):
        return f"{self.language}: {self.title}"
