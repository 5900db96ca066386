"""A real database outage: gunicorn talks to PostgreSQL through a TCP proxy that the test cuts."""

from tests.servers import fetch


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
