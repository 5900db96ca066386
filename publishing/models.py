"""What every piece of editable content shares: a stable key, a published flag, a date.

The database constraints that every app's translated fields need are built here too, by one
helper, so that each app names them alike: `<app>_<model>_<field>_<language>_<what>`.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname


def language_codes():
    """The portal's languages, Finnish (the default and required language) first."""
    return [code for code, _name in settings.LANGUAGES]


def other_languages():
    """The languages translated from Finnish."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [code for code in language_codes() if code != default]


def translated_fields(model):
    """The names of the model's translated fields (modeltranslation), sorted."""
    if model not in translator.get_registered_models(abstract=False):
        return []
    return sorted(translator.get_options_for_model(model).all_fields)


def fingerprint(text):
    """What a translation was made from: the MD5 of the Finnish text, as the database's MD5()
    computes it, so that the completeness queries compare it in SQL."""
    return hashlib.md5((text or "").encode(), usedforsecurity=False).hexdigest()


def filled(field):
    """A database condition: the column holds text (neither NULL nor empty)."""
    return models.Q(**{f"{field}__isnull": False}) & ~models.Q(**{field: ""})


def translation_constraints(name, *, required=(), slugs=(), slugs_everywhere=False):
    """The constraints of a model's translated fields.

    name is the model's prefix (`organisation_unit`). Every field in `required` and every slug
    must have Finnish text. Each slug is unique within its language wherever it is filled, and
    with `slugs_everywhere` it must be filled in every language.
    """
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    constraints = []
    for field in (*required, *slugs):
        languages = language_codes() if field in slugs and slugs_everywhere else [default]
        for code in languages:
            constraints.append(
                models.CheckConstraint(
                    condition=filled(f"{field}_{code}"),
                    name=f"{name}_{field}_{code}_filled",
                    violation_error_message=_("This text is required in Finnish."),
                )
            )
    for field in slugs:
        for code in language_codes():
            column = f"{field}_{code}"
            constraints.append(
                models.UniqueConstraint(
                    fields=[column],
                    condition=~models.Q(**{column: ""}),
                    name=f"{name}_{column}_unique",
                    violation_error_code="unique",
                    violation_error_message=_(
                        "Another item already has this address name (slug) in this language."
                    ),
                )
            )
    return constraints


def last_changed(items):
    """When the content shown on a page last changed: the newest `updated_at` of its items.

    The importer leaves items that a load changes nothing in untouched, so this moves only
    when an item on the page really changes (an editor's save, or a load that changes it).
    """
    return max((item.updated_at for item in items), default=None)


class ContentQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published items not past their expiry. An item expires at
        its moment by this condition alone; the scheduler unpublishes it afterwards."""
        opts = self.model._meta
        expired = Expiry.objects.filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            object_id=models.OuterRef("pk"),
            expire_at__lte=timezone.now(),
        )
        return self.filter(~models.Exists(expired), is_published=True)


class ContentModel(models.Model):
    """Abstract base of every content model: loaded by key, published or draft, dated.

    Editors may add, change and view every content model (publishing.groups); a model whose
    items are parts of another item adds "delete" to `editor_actions`.
    """

    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        help_text=_(
            "Stable identifier used by the content files. It can be changed until the item "
            "is first published, and never after."
        ),
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished items are drafts: only staff can preview them."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # Set when the item is first published (or loaded from the content files): from then on
    # its key is fixed, because the content files and the exports find the item by it.
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    # {field: {language: fingerprint of the Finnish text}}: what each translation was made
    # from when it was last saved. It is out of date when the Finnish text differs.
    translated_from = models.JSONField(default=dict, editable=False)

    objects = ContentQuerySet.as_manager()

    editor_actions = ("add", "change", "view")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.note_translation_sources()
        super().save(*args, **kwargs)
        self._loaded = {
            field.attname: field.value_from_object(self)
            for field in self._meta.concrete_fields
            if field.attname in self.__dict__
        }

    def is_public(self):
        """Whether visitors see the item; a model shown inside a parent also asks the parent."""
        return self.is_published

    @classmethod
    def from_db(cls, db, field_names, values):
        item = super().from_db(db, field_names, values)
        item._loaded = dict(zip(field_names, values, strict=True))
        return item

    def note_translation_sources(self, *, all_current=False):
        """Note the Finnish text that each translation saved now was made from.

        A translation whose text differs from the one loaded (every translation of a new
        item, or all with `all_current`: a load from files) was made from the Finnish text
        as it is now. A translation without a note (saved before notes were kept) is taken
        to be made from the Finnish text as it was loaded.
        """
        loaded = getattr(self, "_loaded", None)
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        for field in translated_fields(type(self)):
            finnish = build_localized_fieldname(field, default)
            notes = self.translated_from.setdefault(field, {})
            for code in other_languages():
                column = build_localized_fieldname(field, code)
                text = getattr(self, column)
                if not text:
                    continue
                if all_current or loaded is None or loaded.get(column, text) != text:
                    notes[code] = fingerprint(getattr(self, finnish))
                elif code not in notes:
                    notes[code] = fingerprint(loaded.get(finnish, getattr(self, finnish)))
            if not notes:
                del self.translated_from[field]


class AdminLanguage(models.Model):
    """The language a staff user has chosen for the admin; it applies to every session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="admin_language",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of the admin"), max_length=5, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("admin language")
        verbose_name_plural = _("admin languages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="publishing_adminlanguage_language_valid",
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.language}"


class Draft(models.Model):
    """The pending change of one content item, and where it stands in review.

    A published item's draft holds the edited field values (`data`, as the fields store
    them); the item itself, and so the public page, is unchanged until the draft is
    published. A new or unpublished item is edited in place (nobody sees it) and its draft
    holds no values, only the review state. Each item has at most one draft.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "review", _("awaiting review")

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Counts the saves of the draft: a form opened before the last save is out of date.
    revision = models.PositiveIntegerField(default=1)
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="drafts", verbose_name=_("edited by")
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    comment = models.TextField(_("reviewer's comment"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    # A part of another item (a statistic's value) that an editor deleted: it leaves the public
    # pages when its parent's draft is published, not before.
    removes = models.BooleanField(_("removes the item"), default=False)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="publishing_draft_one_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="publishing_draft_review_has_submitter",
            ),
        ]
        permissions = [("publish_content", _("Can publish content and review drafts"))]

    def __str__(self):
        return f"{self.content_type} {self.object_id}"


class Expiry(models.Model):
    """When a published item stops being public, without anyone acting."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    expire_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("expiry")
        verbose_name_plural = _("expiries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="publishing_expiry_one_per_item"
            )
        ]

    def __str__(self):
        return f"{self.content_type} {self.object_id}: {self.expire_at}"


class RevisionNote(models.Model):
    """What an editor did in a revision of the history (django-reversion's meta model), kept as
    an action and its details so that the history reads in each reader's own language."""

    class Action(models.TextChoices):
        LOADED = "loaded", _("Loaded from the content files")
        SAVED = "saved", _("Draft saved")
        RESTORED = "restored", _("Restored as a draft")
        RECOVERED = "recovered", _("Recovered as a draft")
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent-back", _("Sent back")
        DISCARDED = "discarded", _("Draft discarded")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        SCHEDULED = "scheduled", _("Scheduled")
        EXPIRY = "expiry", _("Expiry changed")
        EXPIRED = "expired", _("Expired")

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="publishing_notes"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    details = models.JSONField(default=dict, encoder=DjangoJSONEncoder, blank=True)

    class Meta:
        verbose_name = _("history note")
        verbose_name_plural = _("history notes")

    def __str__(self):
        return self.get_action_display()

    def describe(self):
        """The action with its details, in the active language."""
        text = str(self.get_action_display())
        details = self.details
        if self.action == self.Action.SENT_BACK and details.get("comment"):
            return f"{text}: {details['comment']}"
        if self.action == self.Action.PUBLISHED and details.get("submitter"):
            return gettext("%(action)s; submitted for review by %(user)s.") % {
                "action": text,
                "user": details["submitter"],
            }
        if details.get("removes"):
            return gettext("Removal saved as a draft.")
        when = parse_datetime(str(details.get("at") or details.get("saved_at") or ""))
        if when is not None:
            return f"{text}: {timezone.localtime(when).strftime('%Y-%m-%d %H:%M')}"
        return f"{text}."


class ScheduleFailure(models.Model):
    """A scheduled draft that the scheduler could not publish, and why. Recorded once: the
    scheduler tries the draft again only when it is saved again or scheduled anew."""

    draft = models.OneToOneField(
        Draft, on_delete=models.CASCADE, related_name="schedule_failure", verbose_name=_("draft")
    )
    # The draft's revision and schedule that failed.
    revision = models.PositiveIntegerField()
    publish_at = models.DateTimeField(_("publish at"))
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)
    # Why, in each language of the portal: {language code: text}.
    reason = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("failed scheduled publication")
        verbose_name_plural = _("failed scheduled publications")

    def __str__(self):
        return f"{self.draft}: {self.failed_at}"

    def reason_in(self, language):
        return self.reason.get(language) or next(iter(self.reason.values()), "")


class MovedAddress(models.Model):
    """An address a published item had before it was published under another one: visitors
    and links that come to it are sent on for good (publishing.middleware)."""

    old_path = models.CharField(_("old address"), max_length=500, unique=True)
    new_path = models.CharField(_("new address"), max_length=500)
    moved_at = models.DateTimeField(_("moved"), auto_now=True)

    class Meta:
        verbose_name = _("moved address")
        verbose_name_plural = _("moved addresses")

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
