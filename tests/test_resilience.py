"""A real database outage: gunicorn talks to PostgreSQL through a TCP proxy that the test cuts."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def served_through_proxy(loaded, transactional_db):
    settings_dict = connection.settings_dict
    proxy = TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    proxy.start()
    port = free_port()
    user = settings_dict["USER"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{user}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}",
        "DJANGO_SECRET_KEY": "outage-test",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "kela_portal/gunicorn.conf.py",
            "kela_portal.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, proxy
    server.terminate()
    server.wait(10)
    proxy.stop()


def test_database_outage_and_recovery(served_through_proxy):
    base, proxy = served_through_proxy
    assert fetch(base + "/fi/")[0] == 200  # now in the page cache
    assert fetch(base + "/healthz")[0] == 200

    proxy.cut()
    status, _, body = fetch(base + "/fi/")
    assert status == 200, "a cached page is served during the outage"
    assert 'lang="fi"' in body
    status, headers, body = fetch(base + "/sv/organisation/")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Tjänsten är tillfälligt ur bruk" in body
    assert fetch(base + "/healthz")[0] == 503
    status, _, body = fetch(base + "/admin/", cookie="sessionid=an-editors-session")
    assert status == 503
    assert "Traceback" not in body

    proxy.start()  # the database is back, on the same address
    assert fetch(base + "/healthz")[0] == 200
    assert fetch(base + "/sv/organisation/")[0] == 200
    assert fetch(base + "/admin/", cookie="sessionid=an-editors-session")[0] == 302
