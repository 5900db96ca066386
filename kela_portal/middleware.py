import logging
import time

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policies of the settings built once, not for every
    response: copying the settings and joining the header again cost a fifteenth of an
    uncached page. A response that sets or exempts its own policy (django-csp's decorators),
    a page that used a nonce, and everything while debugging are handled by django-csp itself.
    """

    OWN_POLICY = tuple(
        f"_csp_{name}{suffix}"
        for name in ("config", "update", "replace", "exempt")
        for suffix in ("", "_ro")
    )

    def __init__(self, get_response):
        super().__init__(get_response)
        self.policies = []
        for header, name, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
        ):
            config = getattr(settings, name, None) or {}
            if config.get("EXCLUDE_URL_PREFIXES"):  # a policy that depends on the path
                self.policies = None
                break
            policy = build_policy(report_only=report_only)
            if policy:
                self.policies.append((header, policy))

    def process_response(self, request, response):
        if (
            self.policies is None
            or settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self.OWN_POLICY)
        ):
            return super().process_response(request, response)
        for header, policy in self.policies:
            response.headers.setdefault(header, policy)
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
