"""A real database outage: gunicorn talks to PostgreSQL through a TCP proxy that the test cuts."""

import time

from django.db import connection

from tests.servers import fetch, gunicorn


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


def test_a_connection_the_database_ended_between_requests_is_not_used(loaded, transactional_db):
    """A worker keeps its connection between requests without asking the database each time
    whether it is alive; one that PostgreSQL has ended since (a restart, an administrator) is
    replaced before the next page uses it, and that page is served."""
    with gunicorn() as base:
        assert fetch(base + "/fi/organisaatio/")[0] == 200  # the worker holds a connection now
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids = [pid for (pid,) in cursor.fetchall()]
            assert pids
            cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [pids])
            for _ in range(50):  # until the ended backends are gone
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.05)
        status, _, body = fetch(base + "/sv/organisation/")
        assert status == 200, body[:200]
        assert "Organisation" in body
