"""Bounds on how long a web request waits for PostgreSQL.

A database that is slow but alive cancels a web request's statement after
DATABASE_STATEMENT_TIMEOUT seconds (set on each connection a web worker opens). A database that
does not answer at all (a hung server, a network path that swallows everything) would leave the
worker waiting for ever: a watchdog thread in each web worker cuts the socket of a connection
whose command has had no answer for half a second longer than that. The request then fails with
a database error, and the visitor gets the 503 page, within a few seconds.

Management commands are not bounded: migrations and imports may run long statements.
"""

import contextlib
import os
import socket
import threading
import time
import weakref

from django.conf import settings
from django.db.backends.signals import connection_created

# psycopg.pq.TransactionStatus.ACTIVE: a command has been sent and its answer not yet read.
ACTIVE = 1
SAMPLE_SECONDS = 0.1


class Watchdog:
    def __init__(self, seconds):
        self.seconds = seconds
        self.watched = weakref.WeakSet()  # Django's database wrappers, one per thread
        self.lock = threading.Lock()
        self.pid = None

    def watch(self, sender, connection, **kwargs):
        """connection_created receiver: bound the statements of this new connection."""
        if connection.vendor != "postgresql":
            return
        milliseconds = int(self.seconds * 1000)
        connection.connection.execute(f"SET statement_timeout = {milliseconds}")
        if count_statements not in connection.execute_wrappers:
            connection.execute_wrappers.append(count_statements)
        with self.lock:
            self.watched.add(connection)
            if self.pid != os.getpid():  # first connection of this (forked) worker
                self.pid = os.getpid()
                threading.Thread(target=self.run, name="database-watchdog", daemon=True).start()

    def run(self):
        # wrapper -> (its command: psycopg connection and number, since when it has no answer)
        waiting = {}
        while True:
            time.sleep(SAMPLE_SECONDS)
            with self.lock:
                wrappers = list(self.watched)
            now = time.monotonic()
            for wrapper in wrappers:
                raw = wrapper.connection
                if raw is None or raw.closed or raw.pgconn.transaction_status != ACTIVE:
                    waiting.pop(wrapper, None)
                    continue
                command = (raw, getattr(wrapper, "statements", 0))
                seen, since = waiting.setdefault(wrapper, (command, now))
                if seen != command:  # another command since the last look
                    waiting[wrapper] = (command, now)
                elif now - since > self.seconds + 0.5:
                    cut(raw)
                    waiting.pop(wrapper)


def count_statements(execute, sql, params, many, context):
    context["connection"].statements = getattr(context["connection"], "statements", 0) + 1
    return execute(sql, params, many, context)


def cut(raw):
    """Shut the connection's socket down: the thread waiting on it gets an error at once."""
    with contextlib.suppress(OSError, ValueError):
        sock = socket.socket(fileno=os.dup(raw.pgconn.socket))
        with sock:
            sock.shutdown(socket.SHUT_RDWR)


def bound_web_requests():
    """Called once by the WSGI entry point: only web workers are bounded."""
    watchdog = Watchdog(settings.DATABASE_STATEMENT_TIMEOUT)
    connection_created.connect(watchdog.watch, weak=False, dispatch_uid="database-watchdog")
