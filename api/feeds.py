"""The Atom feed of what was published or updated on the portal, one per language.

Its source is the publishing history: the revisions whose note says an item was published
(publishing.workflow) or loaded from the content files (an update from the sources). An item
is in the feed only while it is public, at its latest such event. The feed is served under the
language prefix, so the page cache keeps it per content version like any page: an unpublished
item leaves it at the moment it leaves the pages.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from publishing.models import RevisionNote

ENTRIES = 50
# History rows read for them: an item published again and again counts once.
SCANNED = 10 * ENTRIES
SUMMARY_FIELDS = ("summary", "offers", "explanation", "description")
EVENTS = [RevisionNote.Action.PUBLISHED, RevisionNote.Action.LOADED]


@dataclass
class Change:
    title: str
    summary: str
    link: str
    date: datetime


def summary(item):
    """The item's own one-line summary, or what kind of item it is."""
    for field in SUMMARY_FIELDS:
        text = " ".join(str(getattr(item, field, "") or "").split())
        if text:
            return Truncator(text).chars(200)
    return str(item._meta.verbose_name).capitalize()


def changes():
    """The public items last published or updated, newest first, each once."""
    versions = (
        Version.objects.filter(revision__publishing_notes__action__in=EVENTS)
        .select_related("revision", "content_type")
        .order_by("-revision__date_created", "-pk")[:SCANNED]
    )
    latest = {}
    for version in versions:
        latest.setdefault((version.content_type, version.object_id), version.revision.date_created)
    wanted = {}
    for content_type, object_id in latest:
        wanted.setdefault(content_type, []).append(object_id)
    found = {}
    for content_type, ids in wanted.items():
        model = content_type.model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue  # a part of another item (a figure's value): its item has the entry
        for item in model.objects.published().filter(pk__in=ids):
            if item.is_public():
                found[(content_type, str(item.pk))] = item
    result = []
    for identity, date in latest.items():
        item = found.get(identity)
        if item is not None:
            result.append(Change(str(item), summary(item), item.get_absolute_url(), date))
    return result[:ENTRIES]


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Kela portal: published and updated content")
    description = _("Content published or updated on the portal, newest first.")

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("open_data_feed")

    def items(self):
        return changes()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.link

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date
