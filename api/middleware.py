"""What every answer under /api/ shares: a per-client rate limit, and validators and caching
headers from the content version.

The API's answers are read from the database at each request; what a client or a CDN keeps is
revalidated with the ETag. The ETag and Last-Modified stand for the state of the content: its
version (kela_portal.cache, new at every save, publish, unpublish) and the next scheduled
change (which ends the state without a save: an expiry that is due is no longer public). An
unpublished item therefore leaves the API when it leaves the pages. CORS is django-cors-headers'
(settings: CORS_URLS_REGEX limits it to /api/).
"""

import hashlib
import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from kela_portal import cache as page_cache
from kela_portal.proxies import client_address

from . import problems

logger = logging.getLogger(__name__)

PREFIX = "/api/"


def content_state():
    """The content version and the next moment content changes by itself, as one string."""
    upcoming = page_cache.next_scheduled_change() if page_cache.next_scheduled_change else None
    return f"{page_cache.content_version()}.{upcoming}", upcoming


class OpenDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # (state, when this process learnt when it began): asked at every request.
        self.began = (None, None)

    def __call__(self, request):
        if not request.path.startswith(PREFIX) or request.method == "OPTIONS":
            return self.get_response(request)
        limited = self.limited(request)
        if limited is not None:
            return limited
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            state, upcoming = content_state()
            began = self.state_began(state)
        except Exception as error:  # the shared cache is away: answer without validators
            logger.warning("open data: content version unavailable (%s)", error)
            response = self.get_response(request)
            add_never_cache_headers(response)
            return response
        etag = 'W/"{}"'.format(
            hashlib.md5(
                f"{state}|{request.get_full_path()}".encode(), usedforsecurity=False
            ).hexdigest()
        )
        # The ETag decides when a client sends both (RFC 9110): Last-Modified counts whole
        # seconds, and two states may begin within one.
        modified = datetime.fromtimestamp(began, tz=UTC)
        response = condition(etag_func=lambda r: etag, last_modified_func=lambda r: modified)(
            self.get_response
        )(request)
        if response.status_code in (200, 304):
            seconds = page_cache.BROWSER_SECONDS
            if upcoming is not None:
                seconds = max(min(seconds, int(upcoming - time.time())), 0)
            patch_cache_control(response, public=True, max_age=seconds)
            patch_vary_headers(response, ["Accept-Encoding"])
        else:
            add_never_cache_headers(response)
        return response

    def state_began(self, state):
        """When the content state began, as the first node that served it saw it: the same
        Last-Modified from every node."""
        known, began = self.began
        if known != state:
            key = (
                f"open-data-began.{hashlib.md5(state.encode(), usedforsecurity=False).hexdigest()}"
            )
            cache.add(key, time.time(), timeout=None)
            began = cache.get(key) or time.time()
            self.began = (state, began)
        return began

    def limited(self, request):
        """A 429 problem when the client has used up its requests of the current window."""
        limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW
        now = time.time()
        start = int(now // window)
        address = hashlib.md5(client_address(request).encode(), usedforsecurity=False).hexdigest()
        key = f"open-data-rate.{address}.{start}"
        try:
            cache.add(key, 0, timeout=window + 1)
            count = cache.incr(key)
        except Exception as error:  # the shared cache is away: no limit rather than no API
            logger.warning("open data: rate limit unavailable (%s)", error)
            return None
        if count <= limit:
            return None
        retry = max(int((start + 1) * window - now), 1)
        response = problems.response(
            429, f"At most {limit} requests in {window} seconds: try again in {retry} seconds."
        )
        response["Retry-After"] = str(retry)
        add_never_cache_headers(response)
        return response
