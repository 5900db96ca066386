"""Parts of pages that depend only on the published content, kept once per content version.

After a content change every page is rendered again, but most of a page's work (the
organisation tree and chart, the statistics tables and chart, the lists of topics) depends on
nothing but the published content and the language. `remembered` keeps such a value in this
worker's memory under the content version and the language, so the pages that share it (the
organisation chart and every unit page, say) compute it once per version; the `fragment`
template tag (kela_portal.templatetags.portal) does the same for a piece of a template.

Visitors with a session (staff previewing drafts) never share them: they compute their own.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from . import cache as page_cache
from .cache import LocalMemory, request_content_version

logger = logging.getLogger(__name__)

_memory = None


def memory():
    """This worker's memory of fragments, bounded as its memory of pages is."""
    global _memory
    if _memory is None:
        _memory = LocalMemory(settings.PAGE_CACHE_LOCAL_ENTRIES, settings.PAGE_CACHE_LOCAL_BYTES)
    return _memory


@receiver(setting_changed)
def new_bounds(setting, **kwargs):
    """Tests change the bounds: the memory starts again with the new ones."""
    global _memory
    if setting in ("PAGE_CACHE_LOCAL_ENTRIES", "PAGE_CACHE_LOCAL_BYTES"):
        _memory = None


def shared_version(request):
    """The content version under which the request's visitor shares what is remembered, or
    None when it computes its own: no request, a visitor with a session (staff previewing
    drafts), or the shared cache down. Worked out once per request (a page asks for each of
    its fragments)."""
    if request is None:
        return None
    try:
        return request.fragment_version
    except AttributeError:
        pass
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        request.fragment_version = None
    else:
        request.fragment_version = request_content_version(request)
        if request.fragment_version is not None and page_cache.next_scheduled_change:
            # Content also changes by itself (an expiry) at a moment the page cache is told
            # of: what was remembered before that moment is not used after it.
            try:
                moment = page_cache.next_scheduled_change()
            except Exception as error:  # whatever the cache's client raises
                logger.warning("fragments not shared (%s)", error)
                request.fragment_version = None
            else:
                request.fragment_version = (request.fragment_version, moment)
    return request.fragment_version


def remembered(request, key, compute, size=sys.getsizeof):
    """compute(), kept per content version and language under key (a tuple) for visitors
    without a session; size(value) is its size in bytes in memory."""
    version = shared_version(request)
    if version is None:
        return compute()
    full_key = (version, translation.get_language(), *key)
    store = memory()
    value = store.get(full_key)
    if value is None:
        value = compute()
        store.set(full_key, value, size(value))
    return value


def instance_size(instance):
    """Bytes of a model instance in memory, roughly: the object and its field values."""
    return sys.getsizeof(instance) + sum(sys.getsizeof(v) for v in vars(instance).values())
