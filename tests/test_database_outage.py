"""A real database outage: gunicorn talks to PostgreSQL through a TCP proxy that the test cuts."""

import pytest
from django.db import connection

from tests.servers import fetch, gunicorn, served_database_url
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def served_through_proxy(loaded, transactional_db):
    settings_dict = connection.settings_dict
    proxy = TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    proxy.start()
    url = served_database_url(host="127.0.0.1", port=proxy.port)
    with gunicorn(DATABASE_URL=url) as base:
        yield base, proxy
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
    assert fetch(base + "/admin/", cookie="sessionid=an-editors-session")[0] == 200  # login page
