"""Services that hang rather than refuse: a Redis that accepts connections and never answers,
a PostgreSQL whose network path stops forwarding. Real gunicorn, real PostgreSQL."""

import socket
import time

import pytest

from tests.servers import fetch, gunicorn


def timed_fetch(url):
    """(status, headers, body) of a GET, and the seconds it took."""
    started = time.monotonic()
    result = fetch(url)
    return result, time.monotonic() - started


@pytest.fixture
def silent_listener():
    """The port of a listener that accepts connections (in the kernel's backlog) and never
    reads or answers anything."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        yield sock.getsockname()[1]


def test_a_redis_that_never_answers_leaves_pages_and_health_check_quick(
    loaded, transactional_db, silent_listener
):
    """With the cache's address answering nothing, every page is still served, uncached, in
    well under two seconds, and /healthz reports the cache as unavailable but stays 200."""
    with gunicorn(REDIS_URL=f"redis://127.0.0.1:{silent_listener}/0") as base:
        for path in ("/fi/", "/sv/organisation/", "/fi/", "/en/statistics/"):
            (status, _, body), seconds = timed_fetch(base + path)
            assert (status, seconds < 2) == (200, True), (path, seconds)
        (status, _, body), seconds = timed_fetch(base + "/healthz")
        assert (status, body) == (200, "database: ok\ncache: unavailable\n")
        assert seconds < 2


def test_a_database_that_stops_answering_gives_the_unavailable_page_within_seconds(
    served_through_proxy,
):
    """When the database's network path stops forwarding (connections stay open, nothing
    comes back), a page that needs the database answers the localised 503 page with
    Retry-After within five seconds, /healthz answers 503 within two, and both recover when
    the path forwards again."""
    base, proxy = served_through_proxy
    assert fetch(base + "/fi/organisaatio/")[0] == 200  # the worker holds a connection now
    assert fetch(base + "/healthz")[2] == "database: ok\ncache: ok\n"

    proxy.stall()
    (status, headers, body), seconds = timed_fetch(base + "/sv/organisation/")
    assert status == 503
    assert seconds < 5
    assert headers["Retry-After"] == "30"
    assert "Tjänsten är tillfälligt ur bruk" in body
    (status, _, body), seconds = timed_fetch(base + "/healthz")
    assert (status, body) == (503, "database: unavailable\ncache: ok\n")
    assert seconds < 2

    proxy.resume()
    deadline = time.monotonic() + 10
    while fetch(base + "/healthz")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fetch(base + "/sv/organisation/")[0] == 200
