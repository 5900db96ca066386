from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control

from .models import AdminLanguage, MovedAddress


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


class MovedItemsMiddleware:
    """An item's old address redirects permanently to its new one (publishing.workflow keeps
    them as MovedAddress rows).

    Only a page whose address matched a view that found no item asks the database: any other
    "not found" (an unknown path, the language prefix's redirect) answers without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or getattr(request, "resolver_match", None) is None:
            return response
        moved = MovedAddress.objects.filter(old_path=request.path).first()
        return HttpResponsePermanentRedirect(moved.new_path) if moved else response
