"""gunicorn settings for the portal; every value can be overridden from the environment."""

import os


def available_cores():
    """The cores this process may run on (a container's CPU set), or else the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One sync worker per core. A page is CPU work (a millisecond or two, a database answer a part
# of it), and slow clients are nginx's to hold: more workers than cores only take turns on
# them, and each turn costs (figures in commit 3321d57).
# Where slow requests are common (editors' saves, exports), add a worker.
workers = int(os.environ.get("GUNICORN_WORKERS", available_cores()))
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


def worker_exit(server, worker):
    """A stopping worker tells the apps (kela_portal.signals.worker_stopping): the search
    report writes the counts it holds in memory.

    gunicorn also calls this in the master, for a worker already gone: Django is not loaded
    there, and nothing is left to write."""
    from django.apps import apps

    if apps.ready:
        from kela_portal.signals import worker_stopping

        worker_stopping.send(sender=None)
