"""Each test process (each pytest-xdist worker) has Redis databases of its own, whatever the
number of workers: Redis has databases 0 to 15 only, and one worker's keys, flushes or
published messages must never reach another's."""

import os
import subprocess
import sys
import urllib.parse

import pytest
import redis

from tests.conftest import redis_url
from tests.servers import ROOT

# What a pytest-xdist worker's tests get from redis_url(), printed by a process of their own.
WORKER = (
    "import django; django.setup();"
    " from tests.conftest import redis_url; print(redis_url(0)); print(redis_url(1))"
)


def database_number(url):
    return int(urllib.parse.urlsplit(url).path.lstrip("/"))


def test_the_fortieth_worker_has_its_own_databases_within_redis_range_and_stops_its_server():
    env = {
        **os.environ,
        "PYTEST_XDIST_WORKER": "gw39",
        "DJANGO_SETTINGS_MODULE": "kela_portal.settings",
    }
    worker = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    urls = worker.stdout.split()
    assert len(urls) == 2
    assert all(0 <= database_number(url) <= 15 for url in urls), urls
    assert urls[0] != urls[1]
    assert {url.rsplit("/", 1)[0] for url in urls}.isdisjoint({redis_url(0).rsplit("/", 1)[0]})
    with pytest.raises(redis.ConnectionError):  # its server stopped with it
        redis.Redis.from_url(urls[0], socket_connect_timeout=1).ping()


def test_the_databases_answer_and_are_this_process_own():
    client = redis.Redis.from_url(redis_url(1))
    client.set("kela-tests:probe", "1")
    assert client.get("kela-tests:probe") == b"1"
    assert redis.Redis.from_url(redis_url(0)).get("kela-tests:probe") is None
    client.delete("kela-tests:probe")
