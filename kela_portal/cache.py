"""Whole-page cache of anonymous GET requests, invalidated on every content change.

Three tiers, each with one job:

1. The shared cache (Django's cache: Redis in production, one for every web node) keeps each
   page under a key of its address, with the content version it was rendered from, and the
   current content version under VERSION_KEY. Saving, deleting or restoring any content item
   (publishing.signals) writes a new version once the change is committed: a page of an older
   version is never served again.
2. Each worker keeps its most recently served pages in its own memory (LocalMemory, bounded in
   number and in bytes).
3. Each worker keeps a copy of the current version (VersionWatcher): a new version is announced
   on a Redis channel, and a thread in every worker of every node listens and re-reads it at
   once. While that thread is not connected (at start, or after Redis went away) the worker
   reads the version from Redis on every request instead, so a page is never served from an
   old version.

With tiers 2 and 3 a hit costs no round trip to Redis at all. Without either of them every hit
waits for Redis, for the page or for the version, and `make bench` shows that wait to cost
cached pages far more than the run-to-run noise (the figures are in this file's history).

Django's cache middleware lacks the rest, which this module adds: after a change, one render per
page at a time on every node (RenderLock); a version that could not be written is written as
soon as Redis answers again (VersionRetry); a key holds only the query parameters its view
declares (cache_query); logged-in users bypass the cache; no page outlives a scheduled change of
content (register_scheduled_changes). When Redis does not answer, pages are rendered as if there
were no cache.
"""

import functools
import hashlib
import logging
import math
import os
import re
import threading
import time
import uuid
from collections import OrderedDict
from importlib import import_module

import redis
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, set_response_etag
from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode
from django.utils.module_loading import import_string

from .signals import content_changing

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# The same test as django.middleware.gzip: the page differs only by whether it is compressed.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# The listener pings Redis this often; with no answer for twice as long it counts as cut off.
PING_SECONDS = 5
# Browsers keep an anonymous page this long at most; the shared cache keeps it longer because
# every content change starts a new version.
BROWSER_SECONDS = 60
# A function that returns when content next changes by itself (epoch seconds) or None: an app
# with scheduled publishing sets it (register_scheduled_changes), and no page outlives it.
next_scheduled_change = None


def register_scheduled_changes(function):
    global next_scheduled_change
    next_scheduled_change = function


def content_version():
    watcher = VersionWatcher.for_default_cache()
    version = watcher.current() if watcher else None
    return version or cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def request_content_version(request):
    """The content version, asked once per request (a page's fragments all ask for it), or
    None when the shared cache cannot tell it: a cache that hangs then costs one timeout per
    request, not one per fragment."""
    if not hasattr(request, "content_version"):
        try:
            request.content_version = content_version()
        except Exception as error:  # whatever the cache's client raises
            logger.warning("page cache unavailable (%s)", error)
            request.content_version = None
    return request.content_version


def content_changed():
    """Content changed, so every cached page is out of date: start a new content version.

    The change itself is already saved: when Redis cannot be told, the save still succeeds and
    the new version is written as soon as Redis answers again (retried in the background).
    Until then this node serves nothing from the cache (it cannot read it), and a page other
    nodes cached before the change lives at most DJANGO_PAGE_CACHE_SECONDS. Before the new
    version, the apps bring what they derive from the content up to date (content_changing).
    """
    for receiver, error in content_changing.send_robust(sender=None):
        if isinstance(error, Exception):  # the change is announced all the same
            logger.error("before the new content version, %s failed: %r", receiver, error)
    try:
        new_content_version()
    except Exception as error:  # the cache is away: whatever its client raises
        logger.warning("page cache: content version not written (%s), retrying", error)
        VERSION_RETRY.start()


def new_content_version():
    watcher = VersionWatcher.for_default_cache()
    if watcher is None:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    else:
        watcher.change()


class VersionRetry:
    """Writes a content version that could not be written, once the cache answers again."""

    SECONDS = 1

    def __init__(self):
        self.lock = threading.Lock()
        self.running = False

    def start(self):
        with self.lock:
            if self.running:  # already retrying: its new version covers this change too
                return
            self.running = True
        threading.Thread(target=self.run, name="page-cache-version-retry", daemon=True).start()

    def run(self):
        while True:
            time.sleep(self.SECONDS)
            try:
                with self.lock:
                    new_content_version()
                    self.running = False
                logger.warning("page cache: content version written after the cache came back")
                return
            except Exception:  # noqa: S112 - still away: try again
                continue


VERSION_RETRY = VersionRetry()


class VersionWatcher:
    """Tier 3: this process's copy of the content version in a Redis cache, kept current over
    pub/sub."""

    _watchers = {}
    _watchers_lock = threading.Lock()
    # The configuration last asked about and its watcher: asked on every request, often more
    # than once, while the settings stay the same object.
    _last = (None, None)

    @classmethod
    def for_default_cache(cls):
        """The watcher of the default cache when it is Redis, else None (local memory)."""
        config = settings.CACHES["default"]
        last_config, last_watcher = cls._last
        if config is last_config:
            return last_watcher
        watcher = None
        if config["BACKEND"].endswith(".RedisCache"):
            key = repr(sorted(config.items()))
            watcher = cls._watchers.get(key)
            if watcher is None:
                with cls._watchers_lock:
                    watcher = cls._watchers.setdefault(key, cls(config))
        cls._last = (config, watcher)
        return watcher

    def __init__(self, config):
        location = config["LOCATION"]
        servers = location if isinstance(location, list) else location.split(",")
        # A cache object of its own, of this configuration: settings may change while the
        # thread runs (in tests).
        options = {name: value for name, value in config.items() if name != "BACKEND"}
        self.cache = import_string(config["BACKEND"])(options.pop("LOCATION"), options)
        self.redis = redis.Redis.from_url(
            servers[0], socket_timeout=2 * PING_SECONDS, socket_connect_timeout=PING_SECONDS
        )
        # Named by a setting, not by the address: nodes may reach the same Redis by other names.
        self.channel = settings.PAGE_CACHE_CHANNEL
        self.lock = threading.Lock()
        self.version = None
        self.heard = 0.0
        self.pid = None

    def current(self):
        """The version, or None when the listener is not (or no longer) connected."""
        if self.pid != os.getpid():
            self.start()
        if time.monotonic() - self.heard < 2 * PING_SECONDS:
            return self.version
        return None

    def change(self):
        version = uuid.uuid4().hex
        with self.lock:
            self.cache.set(VERSION_KEY, version, timeout=None)
            self.version = version
        self.redis.publish(self.channel, "changed")

    def refresh(self):
        with self.lock:
            self.version = self.cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None)

    def start(self):
        # Started in each process (after gunicorn forks its workers), on the first request.
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid, self.heard = os.getpid(), 0.0
            threading.Thread(target=self.run, name="page-cache-version", daemon=True).start()

    def run(self):
        failures = 0
        while True:
            try:
                self.listen()
            except Exception as error:
                if self.heard:  # it had been connected: a new run of failures starts
                    failures = 0
                if not failures:
                    logger.warning("page cache: version channel lost (%s), retrying", error)
                failures += 1
            self.heard = 0.0
            time.sleep(min(2 ** (failures - 1), 30))

    def listen(self):
        with self.redis.pubsub() as pubsub:
            pubsub.subscribe(self.channel)
            pinged, answered = 0.0, time.monotonic()
            while True:
                if time.monotonic() - pinged >= PING_SECONDS:
                    pubsub.ping("alive")
                    pinged = time.monotonic()
                if time.monotonic() - answered > 2 * PING_SECONDS:
                    raise redis.ConnectionError("Redis has not answered the pings")
                message = pubsub.get_message(timeout=1.0)
                if message is None:
                    continue
                if message["type"] in ("subscribe", "message"):
                    self.refresh()
                answered = self.heard = time.monotonic()


class RenderLock:
    """One render of a page per content version at a time; the other requests wait for it.

    After a content change every page misses at once. The first request for a page takes this
    lock in the shared cache (an add, which only one caller wins, on every node) and renders;
    the others poll the shared cache for the page it stores, for at most
    PAGE_CACHE_RENDER_WAIT_SECONDS. Past that, or when the render ended without storing a page
    (not cacheable, an error), or when the shared cache fails, a request renders on its own:
    waiting never becomes an error. A lock left by a worker that died expires after the wait.
    """

    def __init__(self, key, version):
        self.key = f"render.{key}.{version}"
        self.seconds = settings.PAGE_CACHE_RENDER_WAIT_SECONDS
        self.held = False

    def acquire(self):
        """True when this request is to render the page itself."""
        if self.seconds <= 0:
            return True
        try:
            self.held = cache.add(self.key, 1, timeout=max(1, math.ceil(self.seconds)))
        except Exception as error:
            logger.warning("page cache unavailable (%s)", error)
            return True
        return self.held

    def wait(self, lookup):
        """The page once the render under way has stored it, or None: render on your own."""
        deadline = time.monotonic() + self.seconds
        pause = 0.002
        try:
            while time.monotonic() < deadline:
                time.sleep(pause)
                pause = min(pause * 1.5, 0.02)
                page = lookup()
                if page is not None:
                    return page
                if cache.get(self.key) is None:  # the render ended without storing a page
                    return lookup()
        except Exception as error:
            logger.warning("page cache unavailable (%s)", error)
        return None

    def release(self):
        if self.held:
            try:
                cache.delete(self.key)
            except Exception as error:
                logger.warning("page cache unavailable (%s)", error)
            self.held = False


class LocalMemory:
    """The most recently used values of this worker: at most `entries` of them, `size` bytes.
    Tier 2 of the pages, and the memory of page fragments (kela_portal.fragments).

    Each value is stored with its size in bytes, as its owner measures it; one larger than the
    whole bound is not kept.
    """

    def __init__(self, entries, size):
        self.entries, self.size, self.used = entries, size, 0
        self.items = OrderedDict()
        self.lock = threading.Lock()  # gunicorn may run several threads per worker

    def __len__(self):
        return len(self.items)

    def get(self, key):
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            self.items.move_to_end(key)
            return item[0]

    def set(self, key, value, size):
        if size > self.size:
            return
        with self.lock:
            old = self.items.pop(key, None)
            self.used += size - (old[1] if old else 0)
            self.items[key] = (value, size)
            while len(self.items) > self.entries or self.used > self.size:
                _key, (_value, freed) = self.items.popitem(last=False)
                self.used -= freed


class CachedPage:
    __slots__ = ("version", "expires", "headers", "content")

    def __init__(self, version, expires, headers, content):
        self.version, self.expires, self.headers, self.content = version, expires, headers, content

    def response(self, request):
        """The stored page; for a HEAD request its headers only."""
        content = b"" if request.method == "HEAD" else self.content
        response = HttpResponse(content, headers=self.headers)
        # A browser keeps it no longer than the cache itself would.
        left = int(self.expires - time.time())
        if left < get_max_age(response):
            patch_cache_control(response, max_age=max(left, 0))
        return response

    def size(self):
        """Bytes it takes in memory, roughly: the content and the headers."""
        return len(self.content) + sum(len(k) + len(v) for k, v in self.headers.items()) + 200


# cache_query(EVERY): the view's parameters are open-ended (named by content): the cache keys
# on all of them, and the view itself keeps a page with parameters not its own from being
# stored (never_cache headers).
EVERY = "*"


def cache_query(*names):
    """Declares the query parameters a view reads: the page cache drops the others from the
    request before anything sees them, and keys the page on these, so parameters that change
    nothing cannot fill the cache."""

    def declare(view):
        view.cache_query = frozenset(names)
        return view

    return declare


@functools.lru_cache(maxsize=1024)
def declared_query(path, language):
    """The query parameters the view of the path declares (cache_query), or None when no view
    answers it; the URLs do not change while the server runs, so each path is resolved once."""
    try:
        with translation.override(language):
            view = resolve(path).func
    except Resolver404:
        return None
    return getattr(view, "cache_query", frozenset())


def keep_declared_query(request, language):
    """Reduces the request's query string to the parameters its view declares (the view, and
    the links on its page, see only those) and returns them in a fixed order, for the key."""
    if not request.GET:
        return ""
    names = declared_query(request.path_info, language)
    if names is None:
        return ""  # not found: the 404 is not stored, whatever its query
    items = [(n, v) for n, v in request.GET.lists() if n in names or EVERY in names]
    request.META["QUERY_STRING"] = urlencode(items, doseq=True)
    request.GET = QueryDict(request.META["QUERY_STRING"])
    return urlencode(sorted(items), doseq=True)


def logged_in(request):
    """Whether the request carries the session of a logged-in user (who bypasses the cache).

    A session cookie alone is not enough: one that names no session, or an anonymous one, is
    served from the cache like any visitor. Without the database the request bypasses the
    cache, and the page answers as it can.
    """
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    try:
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        return SESSION_KEY in session
    except Exception:  # the session store is away
        return True


class PageCacheMiddleware:
    """Serves and stores anonymous pages under a language prefix; logged-in users bypass it.

    A page is stored only when it is a plain 200 that sets no cookie, allows caching and varies
    on nothing but Accept-Encoding. The stored headers carry max-age and an ETag, so browsers
    and a CDN may keep the page and revalidate it with a conditional GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.CACHE_MIDDLEWARE_SECONDS
        self.local = LocalMemory(settings.PAGE_CACHE_LOCAL_ENTRIES, settings.PAGE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        version = request_content_version(request)
        if version is None:  # the shared cache is down: serve the page without it
            return self.get_response(request)
        try:
            page = self.lookup(key, version)
        except Exception as error:
            logger.warning("page cache unavailable (%s)", error)
            return self.get_response(request)
        if page is not None:
            return page.response(request)
        render = RenderLock(key, version)
        if render.acquire():
            # A render that ended since the lookup above stored the page before it let go of
            # the lock: look again, or the page would be rendered twice.
            page = self.lookup(key, version)
            if page is not None:
                render.release()
                return page.response(request)
        else:  # another request renders this page: wait for its result
            page = render.wait(lambda: self.lookup(key, version))
            if page is not None:
                return page.response(request)
        try:
            logger.debug("page rendered", extra={"path": request.path})
            response = self.get_response(request)
            if self.storable(response):
                try:
                    self.store(key, version, response)
                except Exception as error:
                    logger.warning("page cache unavailable (%s)", error)
        finally:
            render.release()
        return response

    def key(self, request):
        """The page's cache key, or None when this request is not served from the cache.

        The key holds only the query parameters the page's view declares (cache_query), so
        other parameters cannot fill the cache with copies of one page.
        """
        language = translation.get_language_from_path(request.path_info)
        if (
            self.seconds <= 0
            or request.method not in ("GET", "HEAD")
            or language is None
            or logged_in(request)
        ):
            return None
        query = keep_declared_query(request, language)
        gzip = "gz" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
        host = request.META.get("HTTP_HOST", "")
        url = f"{request.scheme}://{host}{escape_uri_path(request.path)}?{query}"
        return f"page.{gzip}.{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"

    def lookup(self, key, version):
        """The page stored under key for this version, from this worker's memory (tier 2) or
        else from the shared cache (tier 1), or None."""
        page = self.local.get(key)
        if page is None or page.version != version:
            page = cache.get(key)
            if page is None or page.version != version:
                return None
        if page.expires < time.time():
            return None
        self.remember(key, page)
        return page

    def storable(self, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if "private" in response.get("Cache-Control", "") or get_max_age(response) == 0:
            return False
        vary = {v.lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        return vary <= {"accept-encoding"}

    def store(self, key, version, response):
        # Never past the next scheduled change of the content (an app registers when).
        seconds = self.seconds
        upcoming = next_scheduled_change() if next_scheduled_change else None
        if upcoming is not None:
            seconds = min(seconds, int(upcoming - time.time()))
        if seconds <= 0:
            return
        patch_cache_control(response, max_age=min(seconds, BROWSER_SECONDS))
        set_response_etag(response)
        page = CachedPage(version, time.time() + seconds, dict(response.items()), response.content)
        cache.set(key, page, seconds)
        self.remember(key, page)

    def remember(self, key, page):
        self.local.set(key, page, page.size())
