"""Real gunicorn servers for tests, with production settings, against the test database."""

import contextlib
import http.client
import http.cookiejar
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

from tests.helpers import form_fields, with_values

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
HAS_NGINX = shutil.which("nginx", path=SYSTEM_PATH) is not None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def exchange(base, path, headers):
    """(status, headers, body) of a GET with these headers; redirects are not followed."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read().decode()
    finally:
        connection.close()


def fetch(url, cookie=None):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class _PlainHttpCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request):
        return True


class Visitor:
    """A client with its own cookies that fills in forms on a real server, as a browser does."""

    def __init__(self, base, headers=()):
        self.base = base
        # The test servers speak plain HTTP; send them the cookies they mark Secure all the same.
        cookies = http.cookiejar.CookieJar(_PlainHttpCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        self.opener.addheaders += list(headers)  # e.g. the X-Forwarded-For a proxy would add

    def submit(self, path, form_id, **changes):
        """Opens the page, fills in the form with this id and sends it: (final URL, body)."""
        fields = form_fields(self.open(path)[1], form_id)
        return self.open(path, with_values(fields, **changes))

    def act(self, change_path, action):
        """A publishing action (publish, unpublish, …) of the admin change form at change_path."""
        model_name = change_path.rstrip("/").split("/")[-3]
        token = dict(form_fields(self.open(change_path)[1], f"{model_name}_form"))
        fields = [("csrfmiddlewaretoken", token["csrfmiddlewaretoken"])]
        return self.open(change_path.replace("/change/", f"/publishing/{action}/"), fields)

    def open(self, path, fields=None):
        """(final URL, body) after following redirects; a POST when fields are given."""
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        with self.opener.open(self.base + path, data=data, timeout=10) as response:
            return response.url, response.read().decode()


def served_database_url(host=None, port=None):
    settings = connection.settings_dict
    host = host or settings["HOST"] or "127.0.0.1"
    port = port or settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


@contextlib.contextmanager
def gunicorn(output=None, **env_overrides):
    """A gunicorn of one worker on a free port; yields its base URL. Its standard output and
    error go to the open file `output` when given (the request log and the error log)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": served_database_url(),
        "DJANGO_SECRET_KEY": "test-server",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "DJANGO_REQUEST_LOG_LEVEL": "WARNING",
        "DJANGO_ADMIN_REQUIRE_2FA": "0",  # tests/test_two_factor.py is about it
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    env.update(env_overrides)
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
        stdout=output or subprocess.DEVNULL,
        stderr=output or subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def nginx(upstream, prefix, trusted_proxies=""):
    """nginx/run in front of upstream (host:port); yields its base URL. trusted_proxies: the
    load balancers it believes (NGINX_TRUSTED_PROXIES)."""
    port = free_port()
    server = subprocess.Popen(
        [ROOT / "nginx" / "run", prefix, f"127.0.0.1:{port}", upstream],
        env={"PATH": SYSTEM_PATH, "NGINX_TRUSTED_PROXIES": trusted_proxies},
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
