"""Drafts and published content: the public sees published items, staff preview drafts."""


def visible_to(request, queryset):
    """Published items for visitors; drafts as well for staff, who preview them."""
    user = getattr(request, "user", None)
    if user is not None and user.is_staff:
        return queryset
    return queryset.published()
