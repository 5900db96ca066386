"""Pages about the portal itself: the accessibility statement and the privacy notice.

They are editable content with history like the rest (publishing.ContentModel), written by
editors in three languages. Each page has a fixed address, named by its key; editors change
pages but add none, since a new key would have no address.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.fields import RichTextField
from publishing.models import ContentModel, translation_constraints


class PageKey(models.TextChoices):
    ACCESSIBILITY = "accessibility", _("accessibility statement")
    PRIVACY = "privacy", _("privacy notice")


class Page(ContentModel):
    Key = PageKey

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        help_text=_("One or two sentences, shown under the title and to search engines."),
    )
    body = RichTextField(_("body"), blank=True)

    editor_actions = ("change", "view")

    class Meta:
        verbose_name = _("page about the portal")
        verbose_name_plural = _("pages about the portal")
        ordering = ["key"]
        constraints = [
            *translation_constraints("pages_page", required=["title", "summary"]),
            models.CheckConstraint(
                condition=Q(key__in=PageKey.values), name="pages_page_key_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(self.key)
