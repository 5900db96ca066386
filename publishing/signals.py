from kela_portal.cache import content_changed

from .models import ContentModel


def content_saved(sender=None, instance=None, **kwargs):
    """Signal receiver: a content item changed, so the page cache starts a new version."""
    if isinstance(instance, ContentModel):
        content_changed()
