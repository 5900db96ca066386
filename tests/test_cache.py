"""The page cache: anonymous pages served from it, invalidated on every content change."""

import gzip
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test.utils import override_settings

from organisation.models import Unit
from tests.conftest import LANGUAGES
from tests.pages import public_pages
from tests.servers import fetch, gunicorn

REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
        "KEY_PREFIX": "kela-tests",
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request):
    with override_settings(CACHES=LOCMEM if request.param == "locmem" else REDIS):
        from django.core.cache import cache

        cache.clear()
        yield request.param
        cache.clear()


def test_second_anonymous_request_is_served_from_cache(
    client, loaded, any_cache, django_assert_num_queries
):
    first = client.get("/fi/organisaatio/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/fi/organisaatio/")
    assert second.content == first.content


def test_content_change_invalidates_cached_pages(client, loaded, any_cache):
    unit = Unit.objects.get(key="communications-unit")
    assert unit.name_sv in client.get("/sv/organisation/").content.decode()
    unit.name_sv = "Kommunikationsenheten (ny)"
    unit.save()
    assert "Kommunikationsenheten (ny)" in client.get("/sv/organisation/").content.decode()
    unit.delete()
    assert "Kommunikationsenheten (ny)" not in client.get("/sv/organisation/").content.decode()


def test_cache_headers_and_conditional_get(client, loaded):
    response = client.get("/en/")
    assert response["Cache-Control"] == f"max-age={settings.CACHE_MIDDLEWARE_SECONDS}"
    assert response["ETag"]
    assert "Cookie" not in response.get("Vary", "")
    again = client.get("/en/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_logged_in_staff_bypass_the_cache(admin_client, loaded, django_assert_max_num_queries):
    admin_client.get("/fi/organisaatio/")
    response = admin_client.get("/fi/organisaatio/")
    assert response.status_code == 200
    assert "max-age" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_anonymous_pages_set_no_cookie(client, loaded, lang):
    with_form = {"feedback form"}
    for label, path in public_pages(lang):
        response = client.get(path)
        if label in with_form:
            assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}, label
        else:
            assert response.cookies == {}, (label, path, response.cookies)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_are_small_on_the_wire(client, loaded, lang):
    css = gzip.compress(Path(finders.find("css/site.css")).read_bytes())
    for label, path in public_pages(lang):
        html = client.get(path).content
        size = len(gzip.compress(html)) + len(css)
        assert size <= 50 * 1024, (label, size)


def test_two_web_nodes_share_the_cache(loaded, transactional_db):
    """Two gunicorn nodes on one Redis: an edit is seen on the other node at once."""
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/4"}
    with override_settings(
        CACHES={
            "default": {**REDIS["default"], "LOCATION": redis["REDIS_URL"], "KEY_PREFIX": "kela"}
        }
    ):
        from django.core.cache import cache

        cache.clear()
        with gunicorn(**redis) as node_a, gunicorn(**redis) as node_b:
            for node in (node_a, node_b):
                assert "Viestintäyksikkö (muutettu)" not in fetch(node + "/fi/organisaatio/")[2]
            unit = Unit.objects.get(key="communications-unit")
            unit.name_fi = "Viestintäyksikkö (muutettu)"
            unit.save()  # as an editor's save on either node does: bumps the shared version
            for node in (node_a, node_b):
                assert "Viestintäyksikkö (muutettu)" in fetch(node + "/fi/organisaatio/")[2]
        cache.clear()


@pytest.mark.parametrize(("encoding", "expected"), [("br", "br"), ("gzip", "gzip")])
def test_static_files_are_hashed_compressed_and_immutable(client, encoding, expected):
    from django.templatetags.static import static

    url = static("css/site.css")
    assert url != "/static/css/site.css", "hashed name from the manifest"
    response = client.get(url, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response["Content-Encoding"] == expected
    max_age, public, immutable = response["Cache-Control"].split(", ")
    assert int(max_age.removeprefix("max-age=")) >= 365 * 24 * 3600
    assert (public, immutable) == ("public", "immutable")
