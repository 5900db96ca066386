"""gunicorn settings for the portal; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycling workers hides memory leaks; turn it on from the environment only if needed.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket under the home folder: the web nodes are managed by their supervisor.
control_socket_disable = True


def on_starting(server):
    """Responses do not name the server software.

    gunicorn has no setting for its Server header: it always sends "Server: gunicorn" and drops
    one set by the application. Its response class reads the name from gunicorn.http.wsgi.SERVER
    for each response, so it is replaced here, in the master, before the workers are forked.
    """
    from gunicorn.http import wsgi

    wsgi.SERVER = "portal"


def worker_exit(server, worker):
    """A stopping worker tells the apps (kela_portal.signals.worker_stopping): the search
    report writes the counts it holds in memory.

    gunicorn also calls this in the master, for a worker already gone: Django is not loaded
    there, and nothing is left to write."""
    from django.apps import apps

    if apps.ready:
        from kela_portal.signals import worker_stopping

        worker_stopping.send(sender=None)
