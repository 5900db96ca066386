"""Scheduled changes happen at their moment on every node, with or without a cron job.

When content next changes by itself (a scheduled draft, an expiry) is kept in the shared cache
(publishing.workflow.schedule_changed) and read by each worker once per content version. The
first request after that moment, on any node, publishes what is due before it is answered
(publish_due takes each row once, on one node); `manage.py publish_scheduled` does the same from
cron when nobody visits, and stores the moment again should the cache have lost it. The page
cache asks `next_change_timestamp`, so no cached page outlives the next scheduled change.
"""

import logging
import threading
import time

from django.core.cache import cache

from kela_portal.cache import content_version

from . import workflow

logger = logging.getLogger(__name__)
_known = {"version": None, "at": None}
_lock = threading.Lock()


def next_change_timestamp():
    """The next scheduled change in epoch seconds, or None; read once per content version."""
    version = content_version()
    if _known["version"] != version:
        at = cache.get(workflow.NEXT_CHANGE_KEY)
        with _lock:
            _known.update(version=version, at=at or None)
    return _known["at"]


class ScheduledPublishingMiddleware:
    """Publishes what is due before answering the first request after its moment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            upcoming = next_change_timestamp()
            if upcoming is not None and upcoming <= time.time():
                workflow.publish_due()
                with _lock:
                    _known["version"] = None  # read again, whether or not this node published
        except Exception as error:  # the database or the cache is down: answer all the same
            logger.warning("scheduled publishing skipped (%s)", error)
        return self.get_response(request)
