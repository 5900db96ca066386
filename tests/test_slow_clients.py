"""Slow clients against the production shape: nginx (Debian's package) buffering in front of
gunicorn's sync workers, from the repository's nginx configuration."""

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.servers import ROOT, fetch, free_port, gunicorn

SLOW_CLIENTS = 50

pytestmark = pytest.mark.skipif(
    shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin") is None,
    reason="nginx is installed by .ci/system-deps",
)


@contextlib.contextmanager
def nginx(upstream, prefix):
    """nginx/run in front of upstream (host:port); yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [ROOT / "nginx" / "run", prefix, f"127.0.0.1:{port}", upstream],
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/robots.txt", timeout=1)
                break
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(10)


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
        assert headers["Server"] == "portal"
        with slow_clients(proxied, SLOW_CLIENTS):
            started = time.monotonic()
            assert answers_within(proxied + "/fi/organisaatio/", 5)
            assert time.monotonic() - started < 1
        with slow_clients(direct, SLOW_CLIENTS):
            assert not answers_within(direct + "/fi/organisaatio/", 1)
