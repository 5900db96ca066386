"""Drafts, review and publishing of content items: the rules, apart from any view.

A published item is never changed by saving a form: the values go to its draft (a Draft row
of this app, so no content table needs columns of its own) and reach the item, and the public
pages, only when someone with the publish permission publishes the draft. With the four-eyes
rule on (settings.PUBLISHING_FOUR_EYES) nobody publishes a draft they edited or submitted.
Every step is recorded in the item's history (django-reversion) with who and when.
"""

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Draft, Expiry
from .scheduling import schedule_changed

PUBLISH_PERMISSION = "publishing.publish_content"
# Publishing decides these; a draft never carries them.
NOT_DRAFTED = {"key", "is_published", "updated_at"}


def drafted_fields(model, names):
    """The model's fields among `names` (a form's fields) whose values a draft holds."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    return [
        fields[name]
        for name in names
        if name in fields and not fields[name].primary_key and name not in NOT_DRAFTED
    ]


def values(item, names):
    """{attname: value} of the item's drafted fields, as stored (JSON-encodable)."""
    return {
        field.attname: field.value_from_object(item) for field in drafted_fields(type(item), names)
    }


def apply(item, data):
    """Set the draft's values on the item (in memory)."""
    fields = {field.attname: field for field in item._meta.concrete_fields}
    for attname, value in data.items():
        if attname in fields:
            setattr(item, attname, fields[attname].to_python(value))
    return item


def draft_of(item):
    """The item's draft, or None."""
    return drafts_of([item]).get(item.pk) if item is not None else None


def drafts_of(items):
    """{item pk: its draft} of items of one model, in one query (draft_of for many)."""
    items = [item for item in items if item.pk is not None]
    if not items:
        return {}
    content_type = ContentType.objects.get_for_model(items[0], for_concrete_model=False)
    drafts = Draft.objects.filter(
        content_type=content_type, object_id__in=[item.pk for item in items]
    )
    return {draft.object_id: draft for draft in drafts}


def token(item, draft):
    """What the form was opened on: a later save of the item or its draft changes it."""
    return (
        f"{item.updated_at.isoformat() if item.updated_at else ''}|{draft.revision if draft else 0}"
    )


def record(item, user, comment):
    """A version in the item's history with who did what."""
    with reversion.create_revision():
        reversion.add_to_revision(item)
        reversion.set_user(user)
        reversion.set_comment(comment)


def who(user):
    return user.get_username() if user is not None else "—"


@transaction.atomic
def save_draft(item, names, user):
    """Save the edited item: into its draft when it is published, in place when it is not.

    Returns the draft.
    """
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    live = item.pk is not None and type(item).objects.filter(pk=item.pk, is_published=True).exists()
    if not live:
        if item.pk is None:
            item.is_published = False  # new items start as drafts
        item.save()
    draft, created = Draft.objects.select_for_update().get_or_create(
        content_type=content_type,
        object_id=item.pk,
        defaults={"updated_by": user},
    )
    draft.data = values(item, names) if live else {}
    if not created:
        draft.revision += 1
    # A changed draft is reviewed again.
    draft.status, draft.submitted_at, draft.submitted_by = Draft.Status.DRAFT, None, None
    draft.updated_by = user
    draft.save()
    draft.contributors.add(user)
    return draft


def may_publish(user, draft):
    """Whether the user may publish (or schedule, or send back) the draft."""
    if not user.has_perm(PUBLISH_PERMISSION):
        return False
    if not settings.PUBLISHING_FOUR_EYES or draft is None:
        return True
    return draft.submitted_by_id != user.pk and not draft.contributors.filter(pk=user.pk).exists()


def check_may_publish(user, draft):
    if not may_publish(user, draft):
        raise PermissionDenied(_("Someone else must publish a change you made or submitted."))


@transaction.atomic
def submit(item, draft, user):
    draft.status, draft.submitted_at, draft.submitted_by = (
        Draft.Status.IN_REVIEW,
        timezone.now(),
        user,
    )
    draft.comment = ""
    draft.save()
    record(item, user, _("Submitted for review by %(user)s.") % {"user": who(user)})


@transaction.atomic
def send_back(item, draft, user, comment):
    check_may_publish(user, draft)
    draft.status, draft.submitted_at, draft.submitted_by = Draft.Status.DRAFT, None, None
    draft.comment, draft.publish_at = comment, None
    draft.save()
    record(
        item,
        user,
        _("Sent back by %(user)s: %(comment)s") % {"user": who(user), "comment": comment},
    )


@transaction.atomic
def publish(item, draft, user):
    """Apply the draft to the item and make it public; the draft is gone afterwards."""
    if user is not None:
        check_may_publish(user, draft)
    if draft is not None:
        apply(item, draft.data)
    item.is_published = True
    item.first_published_at = item.first_published_at or timezone.now()
    if draft is not None and draft.submitted_by is not None:
        comment = _("Published by %(user)s; submitted for review by %(submitter)s on %(date)s.") % {
            "user": who(user),
            "submitter": who(draft.submitted_by),
            "date": timezone.localtime(draft.submitted_at).strftime("%Y-%m-%d %H:%M"),
        }
    elif user is None:
        comment = _("Published as scheduled.")
    else:
        comment = _("Published by %(user)s.") % {"user": who(user)}
    with reversion.create_revision():
        item.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    if draft is not None:
        draft.delete()
        if draft.publish_at is not None:
            transaction.on_commit(schedule_changed)


@transaction.atomic
def discard(item, draft, user):
    if draft is not None:
        draft.delete()
    record(item, user, _("Draft discarded by %(user)s.") % {"user": who(user)})


@transaction.atomic
def unpublish(item, user):
    check_may_publish(user, None)
    item.is_published = False
    with reversion.create_revision():
        item.save()
        reversion.set_user(user)
        reversion.set_comment(_("Unpublished by %(user)s.") % {"user": who(user)})


@transaction.atomic
def schedule(item, draft, user, when):
    """Publish the draft (or the unpublished item) by itself at `when`."""
    check_may_publish(user, draft)
    if draft is None:
        content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
        draft = Draft.objects.create(content_type=content_type, object_id=item.pk, updated_by=user)
    draft.publish_at = when
    draft.save()
    record(
        item,
        user,
        _("Scheduled by %(user)s to be published at %(time)s.")
        % {"user": who(user), "time": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")},
    )
    transaction.on_commit(schedule_changed)


@transaction.atomic
def set_expiry(item, user, when):
    """Unpublish the item by itself at `when` (None: never)."""
    check_may_publish(user, None)
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    if when is None:
        Expiry.objects.filter(content_type=content_type, object_id=item.pk).delete()
        comment = _("Expiry removed by %(user)s.") % {"user": who(user)}
    else:
        Expiry.objects.update_or_create(
            content_type=content_type, object_id=item.pk, defaults={"expire_at": when}
        )
        comment = _("Set by %(user)s to expire at %(time)s.") % {
            "user": who(user),
            "time": timezone.localtime(when).strftime("%Y-%m-%d %H:%M"),
        }
    record(item, user, comment)
    transaction.on_commit(schedule_changed)
