"""Bounds on how long a web request waits for PostgreSQL.

A database that is slow but alive cancels a web request's statement after
DATABASE_STATEMENT_TIMEOUT seconds (set on each connection a web worker opens). A database that
does not answer at all (a hung server, a network path that swallows everything) would leave the
worker waiting for ever: a watchdog thread in each web worker cuts the socket of a connection
whose command has had no answer for half a second longer than that. The request then fails with
a database error, and the visitor gets the 503 page, within a few seconds.

A connection kept from an earlier request is checked before its first use in the next one
(CONN_HEALTH_CHECKS: a "SELECT 1", a round trip that cost a tenth of a search page). A server
that ends a connection (a restart, an administrator, an idle timeout) tells it so or closes it:
its socket then has something to read. A web worker's connection that has nothing to read, is
idle and was last used by a request less than a few seconds ago is therefore taken as healthy;
the others are checked.

Management commands are not bounded: migrations and imports may run long statements.
"""

import contextlib
import os
import select
import socket
import threading
import time
import weakref

import psycopg
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created

# psycopg.pq.TransactionStatus: no transaction open; a command sent and its answer not yet read.
IDLE, ACTIVE = 0, 1
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


# A connection unused for longer than this is checked with a round trip (a network path may
# have dropped it without a word).
QUIET_SECONDS = 5


def note_request_end(**kwargs):
    """request_finished receiver: when each connection of this thread was last used."""
    now = time.monotonic()
    for wrapper in connections.all(initialized_only=True):
        wrapper.request_ended_at = now


def trust_quiet_connections(**kwargs):
    """request_started receiver, after Django's own (close_old_connections): spares the health
    check of a connection that was used moments ago and has heard nothing since."""
    now = time.monotonic()
    for wrapper in connections.all(initialized_only=True):
        raw = wrapper.connection
        ended = getattr(wrapper, "request_ended_at", None)
        if (
            wrapper.vendor == "postgresql"
            and raw is not None
            and not raw.closed
            and ended is not None
            and now - ended < QUIET_SECONDS
            and raw.pgconn.transaction_status == IDLE
            and nothing_to_read(raw.pgconn.socket)
        ):
            wrapper.health_check_done = True


def nothing_to_read(fd):
    """Whether the socket has nothing waiting to be read (False when that cannot be told)."""
    poller = select.poll()
    try:
        poller.register(fd, select.POLLIN)
        return not poller.poll(0)
    except (OSError, ValueError):
        return False


class PreparedCursor(psycopg.Cursor):
    """A psycopg cursor that binds its parameters on the server and prepares each statement
    (Django's cursors bind them in the client and prepare nothing)."""

    def execute(self, query, params=None, *, prepare=True, **kwargs):
        return super().execute(query, params, prepare=prepare, **kwargs)


def prepared_cursor():
    """A cursor for a hot query whose text repeats with other parameters: PostgreSQL parses
    and plans it once per connection, not at each request. It is Django's cursor all the same
    (its errors, its query log, the statements the watchdog counts). Elsewhere than on
    PostgreSQL, an ordinary cursor.

    Prepared statements belong to a connection, so the connections must not be shared
    between clients by a pooler in transaction mode (PgBouncer before 1.21)."""
    wrapper = connections[DEFAULT_DB_ALIAS]  # not the proxy: each use of it looks it up again
    if wrapper.vendor != "postgresql":
        return wrapper.cursor()
    wrapper.ensure_connection()
    raw = PreparedCursor(wrapper.connection)
    if wrapper.queries_logged:
        return wrapper.make_debug_cursor(raw)
    return wrapper.make_cursor(raw)


def bound_web_requests():
    """Called once by the WSGI entry point: only web workers are bounded."""
    watchdog = Watchdog(settings.DATABASE_STATEMENT_TIMEOUT)
    connection_created.connect(watchdog.watch, weak=False, dispatch_uid="database-watchdog")
    request_finished.connect(note_request_end, dispatch_uid="database-request-end")
    request_started.connect(trust_quiet_connections, dispatch_uid="database-quiet-connections")
