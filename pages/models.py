"""Pages about the portal itself: the accessibility statement, the privacy notice and the
contact details, and the contact details those pages give.

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
    CONTACT = "contact", _("contact details")


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

    def contacts(self, contacts):
        """The contact details this page gives, out of `contacts`: the contact page gives all."""
        shown_on = {self.Key.PRIVACY: "privacy_notice", self.Key.ACCESSIBILITY: "accessibility"}
        if self.key in shown_on:
            return contacts.filter(**{shown_on[self.key]: True})
        return contacts


class Contact(ContentModel):
    """How to reach Kela or an authority that supervises the portal, as a public page of that
    organisation gives it: the page and the day the details were checked there are kept with
    them, so that readers and editors see where they come from and how fresh they are."""

    name = models.CharField(_("name"), max_length=200)
    details = RichTextField(_("contact details"))
    source_url = models.URLField(
        _("source"), max_length=500, help_text=_("The public page the details were taken from.")
    )
    checked_on = models.DateField(
        _("checked on"), help_text=_("The day the details were last checked on the source page.")
    )
    privacy_notice = models.BooleanField(
        _("in the privacy notice"),
        default=False,
        help_text=_("Also given in the privacy notice (the contact page gives every contact)."),
    )
    accessibility = models.BooleanField(
        _("in the accessibility statement"),
        default=False,
        help_text=_(
            "Also given in the accessibility statement (the contact page gives every contact)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["order", "pk"]
        constraints = translation_constraints(
            "pages_contact", required=["name", "details", "source_url"]
        )

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse(Page.Key.CONTACT)}#{self.key}"
