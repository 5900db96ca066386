import functools
import logging
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.template import loader

logger = logging.getLogger("kela_portal.requests")

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy turns off every unused feature."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    """One structured line per request: method, path (no query string), status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class DisallowedHostMiddleware:
    """A request for a host not in ALLOWED_HOSTS is answered 400 with a small page of its own,
    the same for every such request, and costs only its line of the request log.

    Django would answer it through the 400 handler, whose page (base.html: links, language
    menu) asks for the host again, so the error page itself failed and each request ended in a
    bare 500 and a long traceback. Scanners send such requests by the thousand. This comes
    before anything that asks for the host (the HTTPS redirect, the page cache, CSRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            response = HttpResponseBadRequest(bad_host_page())
            response["Content-Security-Policy"] = "default-src 'none'"
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return self.get_response(request)


@functools.cache
def bad_host_page():
    """The page in every language: the language of a request for another site is nobody's
    concern, and the page is made once per worker."""
    return loader.render_to_string(
        "bad_host.html", {"languages": [code for code, _name in settings.LANGUAGES]}
    )
