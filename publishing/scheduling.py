"""Scheduled changes: the scheduler, never a visitor's request, makes them.

`manage.py publish_scheduled` runs every minute (cron or a Kubernetes CronJob in production;
`make run` and `make serve` start it beside the server) and publishes the scheduled drafts and
unpublishes the expired items whose time has come, each item in a transaction of its own. A
draft that cannot be published is recorded once (ScheduleFailure), shown to the publishers on
the dashboard, and tried again only when it is saved or scheduled anew; it stops nothing else.

An expiry takes effect at its moment without a write: the public queries
(ContentQuerySet.published) leave out an item whose expiry time has passed, and no cached page
or fragment outlives the next moment at which content changes by itself. The coming moments
are kept in the shared cache (schedule_changed) and read by each worker once per content
version; `next_change_timestamp` gives the page cache the next of them.
"""

import bisect
import dataclasses
import datetime
import logging
import threading
import time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from kela_portal.cache import content_changed, content_version

from .models import Draft, Expiry, ScheduleFailure, language_codes

logger = logging.getLogger(__name__)

# The coming moments at which content changes by itself (sorted epoch seconds), in the shared
# cache.
MOMENTS_KEY = "publishing-scheduled-moments"

_known = {"version": None, "moments": []}
_lock = threading.Lock()


def upcoming(now=None):
    """The moments after `now` at which content changes by itself (scheduled drafts and
    expiries), as sorted epoch seconds."""
    now = now or timezone.now()
    moments = (
        Draft.objects.filter(publish_at__gt=now)
        .values_list("publish_at", flat=True)
        .union(Expiry.objects.filter(expire_at__gt=now).values_list("expire_at", flat=True))
    )
    return sorted({moment.timestamp() for moment in moments})


def next_change(now=None):
    """When content next changes by itself (a scheduled draft or an expiry), or None."""
    moments = upcoming(now)
    return datetime.datetime.fromtimestamp(moments[0], tz=datetime.UTC) if moments else None


def schedule_changed():
    """(After the commit) store the coming moments for every node and start a new content
    version, so that cached pages end at the next of them."""
    try:
        cache.set(MOMENTS_KEY, upcoming(), timeout=None)
    except Exception as error:  # whatever the cache's client raises: the change is saved
        logger.warning("scheduled moments not stored (%s)", error)
    content_changed()


def store_moments_again():
    """Store the coming moments again if the shared cache has lost them (a flush, a restart):
    nothing is written when they are as stored."""
    moments = upcoming()
    now = time.time()
    try:
        stored = cache.get(MOMENTS_KEY) or []
    except Exception as error:  # whatever the cache's client raises: it is told next time
        logger.warning("scheduled moments not read (%s)", error)
        return
    if [moment for moment in stored if moment > now] != moments:
        schedule_changed()


def next_change_timestamp():
    """The next moment at which content changes by itself, in epoch seconds, or None; the
    moments are read from the shared cache once per content version."""
    version = content_version()
    if _known["version"] != version:
        moments = cache.get(MOMENTS_KEY) or []
        with _lock:
            _known.update(version=version, moments=moments)
    moments = _known["moments"]
    index = bisect.bisect_right(moments, time.time())
    return moments[index] if index < len(moments) else None


def due_drafts(now):
    """The scheduled drafts whose time has come, but those that failed as they are now."""
    failed = ScheduleFailure.objects.filter(
        draft=OuterRef("pk"), revision=OuterRef("revision"), publish_at=OuterRef("publish_at")
    )
    return Draft.objects.filter(~Exists(failed), publish_at__lte=now)


@dataclasses.dataclass
class Done:
    """What a run of the scheduler did: the items it changed, and the drafts it could not
    publish (ScheduleFailure rows, each recorded once)."""

    changed: int = 0
    failures: list = dataclasses.field(default_factory=list)


def publish_due(now=None):
    """Publish the scheduled drafts and unpublish the expired items whose time has come.

    Each item in a transaction of its own, so that one that fails stops no other. Safe on many
    nodes at once: each row is taken by one of them (SKIP LOCKED).
    """
    from . import workflow  # here: workflow imports this module

    now = now or timezone.now()
    done = Done()
    for pk in list(due_drafts(now).order_by("publish_at", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            draft = (
                due_drafts(now).select_for_update(skip_locked=True).filter(pk=pk).first()
            )  # None: another node has it, or it changed meanwhile
            if draft is None:
                continue
            item = draft.item
            if item is None:  # the item was deleted meanwhile
                draft.delete()
                continue
            try:
                with transaction.atomic():
                    workflow.publish(item, draft, None)
            except Exception as error:  # whatever it is, the other items are published
                logger.exception("scheduled publication of %r failed", item)
                done.failures.append(record_failure(draft, item, error))
            else:
                done.changed += 1
    for pk in list(Expiry.objects.filter(expire_at__lte=now).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                done.changed += unpublish_expired(pk, now)
        except Exception:  # the public no longer sees it: tried again at the next run
            logger.exception("unpublishing expired item (expiry %s) failed", pk)
    return done


def unpublish_expired(pk, now):
    """Unpublish the item of the expiry (if no other node does); 1 if it did, else 0."""
    expiry = (
        Expiry.objects.select_for_update(skip_locked=True).filter(pk=pk, expire_at__lte=now).first()
    )
    if expiry is None:
        return 0
    from . import workflow  # here: workflow imports this module

    item = expiry.item
    if item is not None:
        item.is_published = False
        item.save()
        workflow.record(item, None, workflow.Action.EXPIRED, at=expiry.expire_at)
    expiry.delete()
    transaction.on_commit(schedule_changed)
    return 1 if item is not None else 0


def record_failure(draft, item, error):
    """Record, once, that the draft could not be published as scheduled, and why in each
    language."""
    reasons = {}
    for code in language_codes():
        with translation.override(code):
            reasons[code] = reason(item, error)
    failure, _created = ScheduleFailure.objects.update_or_create(
        draft=draft,
        defaults={
            "revision": draft.revision,
            "publish_at": draft.publish_at,
            "failed_at": timezone.now(),
            "reason": reasons,
        },
    )
    return failure


def reason(item, error):
    """Why the item (with the draft's values) could not be published, in the active language:
    the constraint it breaks (an address another item has) when the error is the database's."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    try:
        item.validate_constraints()
    except ValidationError as invalid:
        return " ".join(invalid.messages)
    except Exception:  # noqa: S110 - the error itself is told instead
        pass
    return str(error).splitlines()[0] if str(error) else type(error).__name__
