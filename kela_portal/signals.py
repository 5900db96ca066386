"""Signals of the core, which the apps receive."""

from django.dispatch import Signal

# A gunicorn worker is stopping (kela_portal/gunicorn.conf.py): the last moment to write what
# it keeps in memory only.
worker_stopping = Signal()

# The content changed and a new content version is about to be announced (kela_portal.cache):
# what is derived from the content in the same database (the search index of the pages) is
# brought up to date first, so that no page rendered under the new version reads it stale.
content_changing = Signal()
