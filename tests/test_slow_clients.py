"""Slow clients against the production shape: nginx (Debian's package) buffering in front of
gunicorn's sync workers, from the repository's nginx configuration."""

import contextlib
import socket
import time
import urllib.request

import pytest

from tests.servers import HAS_NGINX, fetch, gunicorn, nginx

SLOW_CLIENTS = 50

pytestmark = pytest.mark.skipif(not HAS_NGINX, reason="nginx is installed by .ci/system-deps")


@contextlib.contextmanager
def slow_clients(base, count):
    """count connections that send the start of a request and then nothing more."""
    host, port = base.removeprefix("http://").split(":")
    sockets = []
    try:
        for _ in range(count):
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(b"GET /fi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(sock)
        time.sleep(0.5)  # every connection has reached the server
        yield
    finally:
        for sock in sockets:
            sock.close()


def answers_within(url, seconds):
    try:
        urllib.request.urlopen(url, timeout=seconds).read()
    except OSError:
        return False
    return True


def test_slow_clients_do_not_block_normal_requests_behind_nginx(loaded, transactional_db, tmp_path):
    """Fifty connections that send their headers slowly hold all of gunicorn's workers when
    they reach it directly; through nginx a normal request still answers within a second."""
    with (
        gunicorn(GUNICORN_WORKERS="2") as direct,
        nginx(direct.removeprefix("http://"), tmp_path) as proxied,
    ):
        status, headers, _body = fetch(proxied + "/fi/")
        assert status == 200
        assert headers["Server"] == "nginx"
        with slow_clients(proxied, SLOW_CLIENTS):
            started = time.monotonic()
            assert answers_within(proxied + "/fi/organisaatio/", 5)
            assert time.monotonic() - started < 1
        with slow_clients(direct, SLOW_CLIENTS):
            assert not answers_within(direct + "/fi/organisaatio/", 1)
