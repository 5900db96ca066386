"""Drafts and published content: the public sees published items, staff preview drafts."""

from django.conf import settings


def visible_to(request, queryset):
    """Published items for visitors; drafts as well for staff, who preview them.

    Without a session cookie the visitor is anonymous and the session is not read at all, so
    the page does not vary on cookies and the page cache (or a CDN) may keep it.
    """
    cookies = getattr(request, "COOKIES", {})  # no request at all: the sitemap
    if settings.SESSION_COOKIE_NAME in cookies and request.user.is_staff:
        return queryset
    return queryset.published()
