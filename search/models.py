from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One published content item in one language, as the search finds it.

    Maintained by search.index on every save and delete; the text search vector is stored
    (weighted: title A, text B) and GIN-indexed on PostgreSQL.
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
