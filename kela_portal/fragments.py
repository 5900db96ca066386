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
from django.utils import translation

from .cache import LocalMemory, request_content_version

logger = logging.getLogger(__name__)

_memory = {}


def memory():
    """This worker's memory of fragments, bounded as its memory of pages is."""
    bounds = (settings.PAGE_CACHE_LOCAL_ENTRIES, settings.PAGE_CACHE_LOCAL_BYTES)
    if bounds not in _memory:  # settings change in tests
        _memory.clear()
        _memory[bounds] = LocalMemory(*bounds)
    return _memory[bounds]


def remembered(request, key, compute, size=sys.getsizeof):
    """compute(), kept per content version and language under key (a tuple) for visitors
    without a session; size(value) is its size in bytes in memory."""
    if request is None or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return compute()
    version = request_content_version(request)
    if version is None:  # the shared cache is down: compute it each time
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
