"""Drafts, review and publishing of content items: the rules, apart from any view.

A published item is never changed by saving a form: the values go to its draft (a Draft row
of this app, so no content table needs columns of its own) and reach the item, and the public
pages, only when someone with the publish permission publishes the draft. A new or unpublished
item is edited in place (nobody sees it); its draft records who wrote it and its review state.
Items that are parts of another (a statistic's yearly values, a guide question's rules: models
naming their parent in `publishing_parent`) are drafted alike, and published or deleted when
their parent is published.

With the four-eyes rule on (settings.PUBLISHING_FOUR_EYES) nobody publishes text they wrote:
every editor who saved a change since the item was last published is one of its draft's
contributors, and a draft that holds text written in place cannot be discarded.

Every step is a version in the item's own history (django-reversion, one item per version):
each draft save, with the text as saved, so that nothing anyone saved can be lost; a
RevisionNote names the action, so that the history reads in each reader's language.
"""

import copy
import json

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reversion.models import Version

from .importing import violated
from .models import (
    Draft,
    Expiry,
    MovedAddress,
    RevisionNote,
    language_codes,
    translated_fields,
)
from .scheduling import schedule_changed

PUBLISH_PERMISSION = "publishing.publish_content"
# Publishing decides these; a draft never carries them.
NOT_DRAFTED = {"key", "is_published", "updated_at"}
Action = RevisionNote.Action


class PublishingError(Exception):
    """An action that cannot be done as asked; the message says why, for the editor."""


def drafted_fields(model, names):
    """The model's fields among `names` (a form's fields) whose values a draft holds."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    # The field modeltranslation translates (body, beside body_fi …) reads the fallback
    # language and writes the active one: a draft holds the languages' own fields only.
    originals = set(translated_fields(model))
    return [
        fields[name]
        for name in names
        if name in fields
        and not fields[name].primary_key
        and name not in NOT_DRAFTED
        and name not in originals
    ]


def values(item, names):
    """{attname: value} of the item's drafted fields, as stored (JSON-encodable)."""
    return {
        field.attname: field.value_from_object(item) for field in drafted_fields(type(item), names)
    }


def normal(value):
    """A field value as a draft stores it (JSON), so that values compare alike wherever from."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def apply(item, data):
    """Set the draft's values on the item (in memory)."""
    fields = {field.attname: field for field in item._meta.concrete_fields}
    for attname, value in data.items():
        if attname in fields:
            setattr(item, attname, fields[attname].to_python(value))
    return item


def drafted(item, draft):
    """A copy of the item with its draft applied: the text as its editors saved it."""
    return apply(copy.copy(item), draft.data) if draft is not None else item


def content_type_of(item):
    return ContentType.objects.get_for_model(item, for_concrete_model=False)


def draft_of(item):
    """The item's draft, or None."""
    return drafts_of([item]).get(item.pk) if item is not None else None


def drafts_of(items):
    """{item pk: its draft} of items of one model, in one query (draft_of for many)."""
    items = [item for item in items if item.pk is not None]
    if not items:
        return {}
    drafts = Draft.objects.filter(
        content_type=content_type_of(items[0]), object_id__in=[item.pk for item in items]
    )
    return {draft.object_id: draft for draft in drafts}


def part_models(model):
    """[(part model, name of its key to the parent)] of the models whose items are parts of
    the model's items (`publishing_parent` names the foreign key)."""
    return [
        (part, part.publishing_parent)
        for part in apps.get_models()
        if getattr(part, "publishing_parent", None)
        and part._meta.get_field(part.publishing_parent).related_model is model
    ]


def part_drafts(item):
    """[(part, its draft)] of the item's parts that have a draft.

    The functions that need them (authors, discardable, publish, …) take them as an optional
    `parts`: a request reads them once and passes them on; without it they read them.
    """
    found = []
    for model, parent in part_models(type(item)):
        parts = list(model.objects.filter(**{parent: item}))
        drafts = drafts_of(parts)
        found.extend((part, drafts[part.pk]) for part in parts if part.pk in drafts)
    return found


def token(item):
    """What the form was opened on: the item's latest version (every save makes one)."""
    if item.pk is None:
        return ""
    latest = Version.objects.get_for_object(item).values_list("pk", flat=True).first()
    return str(latest or "")


def based_on(item, sent):
    """The item's field values in the version a form was opened on (None: not known)."""
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (sent and sent.isascii() and sent.isdigit()):
        return None
    version = Version.objects.get_for_object(item).filter(pk=int(sent)).first()
    return version.field_dict if version is not None else None


def merge(base, theirs, mine):
    """Three-way merge of field values: ({attname: value}, [attnames both changed]).

    A field only one side changed since the base takes that side's value; a field both
    changed to different values is a conflict and keeps theirs until the editor chooses.
    """
    merged, conflicts = {}, []
    for name, value in mine.items():
        was, now = normal(base.get(name)), normal(theirs.get(name))
        if normal(value) == was or normal(value) == now:
            merged[name] = theirs.get(name)
        elif now == was:
            merged[name] = value
        else:
            merged[name] = theirs.get(name)
            conflicts.append(name)
    return merged, conflicts


def record(item, user, action, **details):
    """A version of the item in its own history, naming what was done and by whom."""
    with reversion.create_revision():
        reversion.add_to_revision(item)
        if user is not None:
            reversion.set_user(user)
        reversion.add_meta(RevisionNote, action=action, details=details)


def who(user):
    return user.get_username() if user is not None else "—"


def addresses(item):
    """{language: the item's public address} (none for an item without a page)."""
    if not hasattr(item, "get_absolute_url"):
        return {}
    found = {}
    for code in language_codes():
        with translation.override(code):
            found[code] = item.get_absolute_url()
    return found


def keep_old_addresses(before, after):
    """Each address the item had and lost answers with a permanent redirect to the new one."""
    for code, old in before.items():
        new = after.get(code)
        if new and new != old:
            MovedAddress.objects.filter(new_path=old).update(new_path=new)
            MovedAddress.objects.update_or_create(old_path=old, defaults={"new_path": new})
    MovedAddress.objects.filter(old_path__in=list(after.values())).delete()


@transaction.atomic
def save_draft(item, names, user, *, action=Action.SAVED, **details):
    """Save the edited item's changed fields: into its draft when it is published, in place
    when it is not. Another editor's draft values of fields this save does not change stay.

    Returns the draft (the one there was, or None, when the save changes nothing). A change
    to a scheduled draft cancels the schedule: the draft is reviewed again.
    """
    model = type(item)
    live = model.objects.select_for_update().filter(pk=item.pk).first() if item.pk else None
    draft = None
    if live is not None:
        draft = (
            Draft.objects.select_for_update()
            .filter(content_type=content_type_of(item), object_id=item.pk)
            .first()
        )
        theirs = values(drafted(live, draft), names)
        changes = {
            name: value
            for name, value in values(item, names).items()
            if normal(value) != normal(theirs[name])
        }
        if not live.is_published and "key" in names and item.key != live.key:
            live.key = item.key  # adjustable until the item is first published
            changes.setdefault("key", item.key)
        if not changes and action == Action.SAVED:
            return draft
        if live.is_published:
            shown = values(live, changes)
            data = {**(draft.data if draft else {}), **changes}
            data = {
                k: v for k, v in data.items() if k not in shown or normal(v) != normal(shown[k])
            }
        else:
            apply(live, {**(draft.data if draft else {}), **changes})
            live.save()
            data = {}
        item = live
    else:
        item.is_published = False  # new items start as drafts
        item.save()
        data = {}
    if draft is None:
        draft = Draft(content_type=content_type_of(item), object_id=item.pk, revision=0)
    cancelled = draft.publish_at is not None
    draft.data, draft.revision, draft.updated_by = normal(data), draft.revision + 1, user
    # A changed draft is reviewed again, and a schedule made for the reviewed text ends.
    draft.status, draft.submitted_at, draft.submitted_by = Draft.Status.DRAFT, None, None
    draft.publish_at = None
    draft.save()
    draft.contributors.add(user)
    record(drafted(item, draft), user, action, **details)
    if cancelled:
        transaction.on_commit(schedule_changed)
    return draft


def authors(item, draft, parts=None):
    """The ids of everyone who wrote or submitted the unpublished text of the item."""
    if parts is None:
        parts = part_drafts(item)
    drafts = [draft, *(part_draft for _part, part_draft in parts)]
    found = set()
    for each in drafts:
        if each is not None and each.pk is not None:
            found.update(each.contributors.values_list("pk", flat=True))
            if each.submitted_by_id:
                found.add(each.submitted_by_id)
    return found


def may_publish(user, draft, item=None, parts=None):
    """Whether the user may publish (or schedule, or send back) the draft of the item."""
    if not user.has_perm(PUBLISH_PERMISSION):
        return False
    if not settings.PUBLISHING_FOUR_EYES:
        return True
    if item is None and draft is not None:
        item = draft.item
    if item is None:
        return True
    return user.pk not in authors(item, draft, parts)


def check_may_publish(user, draft, item=None, parts=None):
    if not may_publish(user, draft, item, parts):
        raise PermissionDenied(_("Someone else must publish a change you made or submitted."))


def may_discard(user, draft):
    """The draft's own editors and publishers may discard it."""
    return draft is not None and (
        user.has_perm(PUBLISH_PERMISSION) or draft.contributors.filter(pk=user.pk).exists()
    )


def discardable(item, draft, parts=None):
    """Whether discarding the draft would leave the item as it was last published: the text
    of an unpublished item is written in place, so its draft cannot be discarded."""
    if draft is None:
        return False
    if item.is_published:
        return True
    return bool(part_drafts(item) if parts is None else parts)


@transaction.atomic
def submit(item, draft, user):
    draft.status, draft.submitted_at, draft.submitted_by = (
        Draft.Status.IN_REVIEW,
        timezone.now(),
        user,
    )
    draft.comment = ""
    draft.save()
    record(drafted(item, draft), user, Action.SUBMITTED)


@transaction.atomic
def send_back(item, draft, user, comment, parts=None):
    check_may_publish(user, draft, item, parts)
    draft.status, draft.submitted_at, draft.submitted_by = Draft.Status.DRAFT, None, None
    draft.comment, draft.publish_at = comment, None
    draft.save()
    record(drafted(item, draft), user, Action.SENT_BACK, comment=comment)


def save_published(item):
    """Save the item as it is to be public; a constraint it breaks is a PublishingError."""
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        raise PublishingError(
            _("%(item)s cannot be published: %(problem)s")
            % {"item": item, "problem": violated(type(item), error)}
        ) from error


@transaction.atomic
def publish(item, draft, user, parts=None):
    """Apply the draft (and its parts' drafts) to the item and make it public; the drafts are
    gone afterwards. A changed address keeps the old one as a redirect."""
    if parts is None:
        parts = part_drafts(item)
    if user is not None:
        check_may_publish(user, draft, item, parts)
    before = addresses(item) if item.is_published else {}
    if draft is not None:
        apply(item, draft.data)
    item.is_published = True
    item.first_published_at = item.first_published_at or timezone.now()
    save_published(item)
    for part, part_draft in parts:
        if part_draft.removes:
            part.delete()
        else:
            apply(part, part_draft.data)
            part.is_published = True
            part.first_published_at = part.first_published_at or timezone.now()
            save_published(part)
            record(part, user, Action.PUBLISHED)
        part_draft.delete()
    keep_old_addresses(before, addresses(item))
    details = {}
    if draft is not None and draft.submitted_by is not None:
        details = {"submitter": who(draft.submitted_by), "submitted_at": draft.submitted_at}
    record(item, user, Action.PUBLISHED, **details)
    if draft is not None:
        draft.delete()
        if draft.publish_at is not None:
            transaction.on_commit(schedule_changed)


@transaction.atomic
def remove_part(part, user):
    """An editor deletes a published part of an item: it goes when its parent is published."""
    draft, _created = Draft.objects.select_for_update().get_or_create(
        content_type=content_type_of(part), object_id=part.pk, defaults={"updated_by": user}
    )
    draft.removes, draft.updated_by, draft.publish_at = True, user, None
    draft.status, draft.submitted_at, draft.submitted_by = Draft.Status.DRAFT, None, None
    draft.save()
    draft.contributors.add(user)
    record(part, user, Action.SAVED, removes=True)


@transaction.atomic
def discard(item, draft, user, parts=None):
    """Discard the draft (and its parts' drafts): the text stays in the history."""
    if not may_discard(user, draft):
        raise PermissionDenied(_("Only the draft's editors or a publisher may discard it."))
    if parts is None:
        parts = part_drafts(item)
    if not discardable(item, draft, parts):
        raise PublishingError(
            _(
                "The item is not published: its saved text is its draft, so there is nothing "
                "to discard. Unpublished items are deleted instead."
            )
        )
    for _part, part_draft in parts:
        part_draft.delete()
    draft.delete()
    record(item, user, Action.DISCARDED)
    if draft.publish_at is not None:
        transaction.on_commit(schedule_changed)


@transaction.atomic
def unpublish(item, user):
    check_may_publish(user, None)
    item.is_published = False
    item.save()
    record(item, user, Action.UNPUBLISHED)


@transaction.atomic
def schedule(item, draft, user, when, parts=None):
    """Publish the draft (or the unpublished item) by itself at `when`."""
    check_may_publish(user, draft, item, parts)
    if draft is None:
        draft = Draft.objects.create(
            content_type=content_type_of(item), object_id=item.pk, updated_by=user
        )
    draft.publish_at = when
    draft.save()
    record(drafted(item, draft), user, Action.SCHEDULED, at=when)
    transaction.on_commit(schedule_changed)


@transaction.atomic
def set_expiry(item, user, when):
    """Unpublish the item by itself at `when` (None: never)."""
    check_may_publish(user, None)
    content_type = content_type_of(item)
    if when is None:
        Expiry.objects.filter(content_type=content_type, object_id=item.pk).delete()
    else:
        Expiry.objects.update_or_create(
            content_type=content_type, object_id=item.pk, defaults={"expire_at": when}
        )
    record(item, user, Action.EXPIRY, at=when)
    transaction.on_commit(schedule_changed)
