from django.db import transaction

from kela_portal.cache import content_changed

from .models import ContentModel


def content_saved(sender=None, instance=None, using=None, **kwargs):
    """Signal receiver: a content item changed, so the page cache starts a new version.

    The new version is announced only once the transaction commits (at once outside one): a
    page rendered before the commit then belongs to the old version and is never served again,
    and a rolled-back change announces nothing.
    """
    if isinstance(instance, ContentModel):
        transaction.on_commit(content_changed, using=using)
