import atexit
import contextlib
import functools
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from hypothesis import settings as hypothesis_settings

from publishing.groups import EDITORS, PUBLISHERS
from publishing.transfer import content_models
from search.report import PENDING
from tests.helpers import member
from tests.servers import gunicorn, served_database_url
from tests.tcp_proxy import TcpProxy

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# A modest number of generated examples on a developer's machine; the full fuzz run in CI.
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=2000, deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@functools.cache
def private_redis():
    """The address of a redis-server of this test process's own (each pytest-xdist worker has
    one): started on a free port at the first call, stopped by its PID when the process ends.
    Nothing it holds or publishes reaches another worker or another checkout's tests."""
    program = shutil.which("redis-server")
    if program is None:
        raise RuntimeError("The tests need redis-server (Debian: apt-get install redis-server).")
    for _attempt in range(5):  # another process may take the free port before the server
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        folder = tempfile.mkdtemp(prefix="kela-test-redis-")
        options = ["--bind", "127.0.0.1", "--port", str(port), "--dir", folder]
        server = subprocess.Popen(
            [program, *options, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(stop, server, folder)
        url = f"redis://127.0.0.1:{port}"
        deadline = time.monotonic() + 10
        while server.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(redis.ConnectionError):
                redis.Redis.from_url(url).ping()
                return url
            time.sleep(0.02)
    raise RuntimeError("redis-server did not start for the tests.")


def stop(server, folder):
    server.terminate()
    server.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


def redis_url(offset=0):
    """Database `offset` (0 or 1) of this test process's own Redis server (private_redis)."""
    return f"{private_redis()}/{offset}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the portal's content loaded once for the whole session.

    Each test runs in a transaction that is rolled back, so it sees the content as loaded. A
    test with serialized_rollback restores the database as it is now, content included: into
    an emptied database, or over these very rows when it runs first (alone, say).
    """
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def loaded(db):
    """The database with the portal's content loaded by the content command.

    Tests that commit (live servers, browsers) empty the database when they end; the next
    such test loads the content again.
    """
    if not content_models()[0].objects.exists():
        call_command("load_content", verbosity=0)


@pytest.fixture
def editor(loaded):
    """A member of the Editors group, username "editor": edits content and submits drafts."""
    return member(EDITORS, "editor")


@pytest.fixture
def publisher(loaded):
    """A member of the Publishers group, username "publisher": also publishes, schedules and
    sends drafts back."""
    return member(PUBLISHERS, "publisher")


@pytest.fixture
def editor_client(client, editor):
    """The test's `client`, logged in as the editor. The admin speaks the request's language
    (Finnish when it names none) until the editor chooses one (tests.helpers.client_of)."""
    client.force_login(editor)
    return client


@pytest.fixture(params=LANGUAGES)
def lang(request, settings):
    return request.param


@pytest.fixture(autouse=True)
def admin_without_second_factor(settings):
    """The admin's second factor is off where it is not the subject (tests/test_two_factor.py
    turns it on): the tests log in with a password, or force a login."""
    settings.ADMIN_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: pages cached by one test never leak into another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_search_counts_pending(settings):
    """Each test starts with no search counts waiting in this process's memory, and they are
    written only when the test asks (search.report): a page's queries never include them."""
    PENDING.clear()
    settings.SEARCH_QUERY_WRITE_SECONDS = 24 * 3600


@pytest.fixture
def served_through_proxy(loaded, transactional_db):
    """gunicorn reaching PostgreSQL through a TCP proxy the test can stop or stall."""
    settings_dict = connection.settings_dict
    proxy = TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    proxy.start()
    url = served_database_url(host="127.0.0.1", port=proxy.port)
    with gunicorn(DATABASE_URL=url) as base:
        yield base, proxy
    proxy.resume()
    proxy.stop()
