from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

from .models import AdminLanguage


class AdminLanguageMiddleware:
    """In the admin, a staff user sees the language chosen for the admin (publishing's
    AdminLanguage); without a choice, the browser's language as on the public site.

    It follows the authentication middleware, and names the language in the response's
    Content-Language header (LocaleMiddleware keeps it).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        if request.path.startswith(self.prefix) and request.user.is_staff:
            language = (
                AdminLanguage.objects.filter(user=request.user)
                .values_list("language", flat=True)
                .first()
            )
            if language:
                request.LANGUAGE_CODE = language
                with translation.override(language):
                    response = self.get_response(request)
                response.headers["Content-Language"] = language
                return response
        return self.get_response(request)


class PrivateStaffPagesMiddleware:
    """Responses to logged-in staff (who see drafts) are `Cache-Control: private, no-store`.

    Only requests that carry the session cookie read the session; anonymous pages stay public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff:
            patch_cache_control(response, private=True, no_store=True)
        return response
