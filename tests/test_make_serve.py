"""`make serve` as a newcomer runs it: on an empty database it migrates first and serves the
portal on PORT, and the idle connections a browser keeps open never hold up a page."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.servers import HAS_NGINX, ROOT, fetch, free_port

IDLE_CONNECTIONS = 6


@contextlib.contextmanager
def make_serve(tmp_path, **variables):
    """`make serve PORT=…` on an empty SQLite database of its own; yields its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-make-serve",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_WORKERS": "1",
        "DJANGO_REQUEST_LOG_LEVEL": "WARNING",
    }
    # What a newcomer has not set: `make serve` must not need it.
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_TRUSTED_PROXIES", "GUNICORN_BIND"):
        env.pop(name, None)
    for name in ("REDIS_URL", "CACHE_URL", "NGINX", "PORT"):
        env.pop(name, None)
    arguments = [f"{name}={value}" for name, value in variables.items()]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        ["make", "serve", f"PORT={port}", f"NGINX_PREFIX={tmp_path / 'nginx'}", *arguments],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: gunicorn, nginx and the scheduler
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while server.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/robots.txt", timeout=1)
                break
            time.sleep(0.2)
        else:
            pytest.fail("make serve did not serve:\n" + (tmp_path / "serve.log").read_text())
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()


@contextlib.contextmanager
def idle_connections(base, count):
    """count connections left idle, as a browser leaves them: half opened ahead of a request
    that never comes, half kept alive after one."""
    host, port = base.removeprefix("http://").split(":")
    opened = []
    try:
        for number in range(count):
            if number % 2:
                opened.append(socket.create_connection((host, int(port)), timeout=5))
            else:
                kept = http.client.HTTPConnection(host, int(port), timeout=5)
                kept.request("GET", "/robots.txt")
                kept.getresponse().read()
                opened.append(kept)
        time.sleep(0.5)  # every connection has reached the server
        yield
    finally:
        for connection in opened:
            connection.close()


@pytest.mark.parametrize("variables", [{}, {"NGINX": "0"}], ids=["default", "without-nginx"])
def test_make_serve_migrates_an_empty_database_and_idle_connections_block_no_page(
    tmp_path, variables
):
    with make_serve(tmp_path, **variables) as base:
        status, headers, _body = fetch(base + "/fi/organisaatio/")
        assert status == 200
        if not variables and HAS_NGINX:
            assert headers["Server"] == "nginx"
        with idle_connections(base, IDLE_CONNECTIONS):
            started = time.monotonic()
            status, _headers, _body = fetch(base + "/fi/organisaatio/")
            assert status == 200
            assert time.monotonic() - started < 3
