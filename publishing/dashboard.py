"""The editor's dashboard on the admin index: what waits for whom, and what happens when."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from reversion.models import Version

from . import workflow
from .models import Draft, Expiry, ScheduleFailure

RECENT = 10


def admin_link(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def rows(queryset):
    """(item, its change URL, the row) for each draft or expiry whose item still exists."""
    return [
        {"item": row.item, "url": admin_link(row.item), "row": row}
        for row in queryset.select_related("content_type").prefetch_related("item")
        if row.item is not None
    ]


def panels(user):
    drafts = Draft.objects.order_by("-updated_at")
    review = drafts.filter(status=Draft.Status.IN_REVIEW).order_by("submitted_at")
    if user.has_perm(workflow.PUBLISH_PERMISSION):
        if settings.PUBLISHING_FOUR_EYES:
            review = review.exclude(submitted_by=user).exclude(contributors=user)
        for_review = rows(review)
    else:
        for_review = []
    language = get_language()
    failed, scheduled = [], []
    for row in rows(drafts.filter(publish_at__isnull=False).select_related("schedule_failure")):
        failure = current_failure(row["row"])
        if failure is None:
            scheduled.append({**row, "when": row["row"].publish_at, "what": "publish"})
        else:
            failed.append({**row, "failure": failure, "reason": failure.reason_in(language)})
    scheduled += [
        {**row, "when": row["row"].expire_at, "what": "expire"}
        for row in rows(Expiry.objects.all())
    ]
    recent = (
        Version.objects.select_related("revision__user", "content_type")
        .prefetch_related("revision__publishing_notes")
        .order_by("-revision__date_created")[:RECENT]
    )
    return {
        "failed": failed if user.has_perm(workflow.PUBLISH_PERMISSION) else [],
        "mine": rows(drafts.filter(contributors=user)),
        "for_review": for_review,
        "scheduled": sorted(scheduled, key=lambda row: row["when"]),
        "recent": recent,
    }


def current_failure(draft):
    """The draft's failure to be published as scheduled, if it has not changed since."""
    try:
        failure = draft.schedule_failure
    except ScheduleFailure.DoesNotExist:
        return None
    if (failure.revision, failure.publish_at) != (draft.revision, draft.publish_at):
        return None
    return failure
