"""Requests for a host the portal does not serve (a Host header not in DJANGO_ALLOWED_HOSTS):
scanners send them by the thousand. Each is answered 400 with a small page and costs one line
of the request log, never a 500 with a traceback."""

import json
import time

import pytest
from django.conf import settings

from tests.servers import exchange, gunicorn

PATHS = ["/fi/", "/sv/", "/en/", "/fi/no-such-page/", f"/{settings.ADMIN_PATH}login/"]
REQUESTS = 100
# Bytes of log a request for another host may cost at most: its line of the request log.
LOG_BYTES_PER_REQUEST = 300
BAD_REQUEST = ["Virheellinen pyyntö", "Felaktig begäran", "Bad request"]


def get(base, path, host):
    """(status, body) of a GET with this Host header."""
    status, _headers, body = exchange(base, path, {"Host": host})
    return status, body


def log_size(path):
    """The log's size once the server has stopped writing to it for a moment."""
    size = -1
    while size != path.stat().st_size:
        size = path.stat().st_size
        time.sleep(0.2)
    return size


@pytest.mark.django_db(transaction=True)
def test_a_hundred_requests_for_another_host_are_answered_400_and_logged_a_line_each(
    tmp_path,
):
    log = tmp_path / "server.log"
    with log.open("wb") as output, gunicorn(output, DJANGO_REQUEST_LOG_LEVEL="INFO") as base:
        assert get(base, "/robots.txt", "127.0.0.1")[0] == 200
        before = log_size(log)
        answers = [get(base, PATHS[n % len(PATHS)], "evil.example") for n in range(REQUESTS)]
        after = log_size(log)
    assert [status for status, _body in answers] == [400] * REQUESTS
    for _status, body in answers:
        assert all(sentence in body for sentence in BAD_REQUEST)
        assert "evil.example" not in body
    assert after - before <= LOG_BYTES_PER_REQUEST * REQUESTS
    lines = log.read_bytes()[before:after].decode().splitlines()
    entries = [json.loads(line) for line in lines]
    assert [(entry["path"], entry["status"]) for entry in entries] == [
        (PATHS[n % len(PATHS)], 400) for n in range(REQUESTS)
    ]
