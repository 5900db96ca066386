"""Bounds on how long a web request waits for PostgreSQL.

A database that is slow but alive cancels a web request's statement after
DATABASE_STATEMENT_TIMEOUT seconds (PostgreSQL's statement_timeout, set on each connection a web
worker opens). A database that does not answer at all (a hung server, a network path that
swallows everything) would leave the worker waiting for ever: no libpq option bounds that wait
(tcp_user_timeout and keepalives only notice a peer that stops acknowledging, and a hung host or
proxy still acknowledges). So a watchdog thread in each web worker shuts down the socket of a
connection whose command has had no answer for half a second longer than the statement timeout.
The request then fails with a database error, and the visitor gets the 503 page within a few
seconds.

Management commands are not bounded: migrations and imports may run long statements.
"""

import contextlib
import os
import socket
import threading
import time
import weakref

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from psycopg.pq import TransactionStatus

SAMPLE_SECONDS = 0.1


class Watchdog:
    def __init__(self):
        self.bounding = False  # whether this process serves web requests
        # psycopg connection -> number of statements sent through Django on it
        self.statements = weakref.WeakKeyDictionary()
        self.lock = threading.Lock()
        self.pid = None

    def connection_created(self, sender, connection, **kwargs):
        """Bound the statements of a new connection, and watch it."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            milliseconds = int(settings.DATABASE_STATEMENT_TIMEOUT * 1000)
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}"])
            raw = cursor.connection  # DB-API: the psycopg connection of the cursor
        with self.lock:
            self.statements[raw] = 0
            if self.pid != os.getpid():  # first connection of this (forked) worker
                self.pid = os.getpid()
                threading.Thread(target=self.run, name="database-watchdog", daemon=True).start()

    def count_statement(self, execute, sql, params, many, context):
        """Execute wrapper (Database instrumentation): tells one command from the next."""
        raw = context["cursor"].connection
        with self.lock:
            if raw in self.statements:
                self.statements[raw] += 1
        return execute(sql, params, many, context)

    def run(self):
        waiting = {}  # connection -> (its statement count, since when it has had no answer)
        while True:
            time.sleep(SAMPLE_SECONDS)
            with self.lock:
                watched = list(self.statements.items())
            now = time.monotonic()
            for raw, count in watched:
                if raw.closed or raw.info.transaction_status != TransactionStatus.ACTIVE:
                    waiting.pop(raw, None)
                    continue
                seen, since = waiting.setdefault(raw, (count, now))
                if seen != count:  # another command since the last look
                    waiting[raw] = (count, now)
                elif now - since > settings.DATABASE_STATEMENT_TIMEOUT + 0.5:
                    cut(raw)
                    waiting.pop(raw)


def cut(raw):
    """Shut the connection's socket down: the thread waiting on it gets an error at once."""
    with (
        contextlib.suppress(OSError, ValueError, psycopg.Error),
        socket.socket(fileno=os.dup(raw.fileno())) as sock,
    ):
        sock.shutdown(socket.SHUT_RDWR)


WATCHDOG = Watchdog()


def bound_web_requests():
    """Called once by the WSGI entry point: only web workers are bounded."""
    WATCHDOG.bounding = True
    connection_created.connect(
        WATCHDOG.connection_created, weak=False, dispatch_uid="database-watchdog"
    )


class StatementCountMiddleware:
    """Lets the watchdog tell a command that has waited long from a run of quick ones: the
    statements of each request pass through an execute wrapper, as Django's documentation on
    database instrumentation installs one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not WATCHDOG.bounding:  # not a web worker (the test client, commands)
            return self.get_response(request)
        with connections[DEFAULT_DB_ALIAS].execute_wrapper(WATCHDOG.count_statement):
            return self.get_response(request)


def prepared_cursor():
    """A cursor for a hot query whose text repeats with other parameters. On PostgreSQL the
    parameters are bound on the server and psycopg prepares a statement once it has run a few
    times on a connection (the OPTIONS server_side_binding and prepare_threshold in settings),
    so this is the ordinary cursor."""
    return connections[DEFAULT_DB_ALIAS].cursor()
