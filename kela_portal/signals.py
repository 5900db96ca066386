"""Signals of the core, which the apps receive."""

from django.dispatch import Signal

# A gunicorn worker is stopping (kela_portal/gunicorn.conf.py): the last moment to write what
# it keeps in memory only.
worker_stopping = Signal()
