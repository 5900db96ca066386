"""What every piece of editable content shares: a stable key, a published flag, a date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
