"""Whole-page caching of anonymous GET requests, invalidated on every content change.

The page cache keys carry a content version kept in the shared cache. Saving, deleting or
restoring any content item writes a new version, so every web node that shares the cache
(Redis in production) stops serving the old pages at once; the old entries simply expire.
"""

import contextvars
import uuid

from django.conf import settings
from django.core.cache import cache
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import translation

from .models import ContentModel

VERSION_KEY = "content-version"
_page_prefix = contextvars.ContextVar("page_cache_prefix", default="")


def content_version():
    return cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def content_changed(sender=None, instance=None, **kwargs):
    """Signal receiver: a content item changed, so every cached page is out of date."""
    if instance is None or isinstance(instance, ContentModel):
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


class _VersionedPrefix:
    # The prefix is chosen once per request (in FetchPageCache), so a page rendered before a
    # content change is stored under the old version and never served afterwards.
    key_prefix = property(lambda self: _page_prefix.get(), lambda self, value: None)


class UpdatePageCache(_VersionedPrefix, UpdateCacheMiddleware):
    """Stores anonymous pages: those that FetchPageCache let through."""


class FetchPageCache(_VersionedPrefix, FetchFromCacheMiddleware):
    """Serves stored pages to anonymous visitors; logged-in users bypass the cache.

    It runs before LocaleMiddleware, so it activates the language of the URL itself (the
    cache key carries the language). Only pages under a language prefix are cached.
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None or settings.SESSION_COOKIE_NAME in request.COOKIES:
            request._cache_update_cache = False
            return None
        translation.activate(language)
        _page_prefix.set(f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.{content_version()}")
        return super().process_request(request)
