"""The page cache: anonymous pages served from it, invalidated on every content change."""

import gzip
import random
import socketserver
import string
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpResponse
from django.template import Engine, TemplateSyntaxError
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from kela_portal.cache import (
    VERSION_KEY,
    PageCacheMiddleware,
    RenderLock,
    VersionWatcher,
    content_version,
)
from organisation.models import Unit
from partners.models import GuideQuestion
from tests.conftest import LANGUAGES, redis_url
from tests.helpers import form_fields, with_values
from tests.pages import public_pages
from tests.servers import Visitor, fetch, gunicorn

REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url(0),
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_is_served_from_the_cache(client, loaded, lang):
    rendered_each_time = {"feedback form", "not found"}  # a CSRF cookie; a 404
    for label, path in public_pages(lang):
        first = client.get(path)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(path)
        if label not in rendered_each_time:
            # No query, searches too: the query report counts them in memory (search.report).
            assert (len(queries), second.content) == (0, first.content), label
            assert "Cookie" not in second.get("Vary", ""), label


def test_content_change_invalidates_cached_pages(
    client, loaded, any_cache, django_capture_on_commit_callbacks
):
    unit = Unit.objects.get(key="communications-unit")
    assert unit.name_sv in client.get("/sv/organisation/").content.decode()
    unit.name_sv = "Kommunikationsenheten (ny)"
    with django_capture_on_commit_callbacks(execute=True):
        unit.save()
    assert "Kommunikationsenheten (ny)" in client.get("/sv/organisation/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unit.delete()
    assert "Kommunikationsenheten (ny)" not in client.get("/sv/organisation/").content.decode()


def wait_for(condition):
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_listening_worker_hears_another_nodes_change():
    """Each worker keeps the version in memory and hears of a change on another node at once."""
    with override_settings(CACHES=REDIS):
        watcher = VersionWatcher.for_default_cache()
        assert wait_for(lambda: watcher.current() is not None), "the listener subscribed"
        other_node = VersionWatcher(REDIS["default"])  # not listening: shares only Redis
        other_node.change()
        assert wait_for(lambda: watcher.current() == other_node.version)
        assert content_version() == other_node.version


def test_a_node_that_spells_the_redis_address_differently_is_heard_too():
    """Two nodes reaching one Redis under two names (an address and a host name) share the
    change notices: the channel is named by a setting, not by the address's text."""
    location = REDIS["default"]["LOCATION"]
    assert "127.0.0.1" in location
    with override_settings(CACHES=REDIS):
        watcher = VersionWatcher.for_default_cache()
        assert wait_for(lambda: watcher.current() is not None), "the listener subscribed"
        other_node = VersionWatcher(
            {**REDIS["default"], "LOCATION": location.replace("127.0.0.1", "localhost")}
        )
        other_node.change()
        assert wait_for(lambda: watcher.current() == other_node.version)


def test_worker_cut_off_from_the_channel_asks_redis_each_time():
    with override_settings(CACHES=REDIS):
        from django.core.cache import cache

        watcher = VersionWatcher.for_default_cache()
        assert wait_for(lambda: watcher.current() is not None)
        watcher.version, watcher.heard = "old", 0.0  # as if the channel had gone quiet
        assert content_version() == cache.get(VERSION_KEY) != "old"


class SilentRedis(socketserver.ThreadingTCPServer):
    """Answers a client's handshake and SUBSCRIBE as Redis does, then never answers a PING."""

    daemon_threads = allow_reuse_address = True

    def __init__(self):
        self.subscribes = 0
        super().__init__(("127.0.0.1", 0), SilentRedisConnection)


class SilentRedisConnection(socketserver.StreamRequestHandler):
    def handle(self):
        while line := self.rfile.readline():  # a command: *<n>, then n times $<len> and data
            words = []
            for _ in range(int(line[1:])):
                self.rfile.readline()
                words.append(self.rfile.readline().strip())
            command = words[0].upper()
            if command == b"SUBSCRIBE":
                self.server.subscribes += 1
                channel = words[1]
                self.wfile.write(
                    b"*3\r\n$9\r\nsubscribe\r\n$%d\r\n%s\r\n:1\r\n" % (len(channel), channel)
                )
            elif command == b"GET":
                self.wfile.write(b"$-1\r\n")
            elif command != b"PING":
                self.wfile.write(b"+OK\r\n")


def test_a_listener_whose_redis_falls_silent_stops_trusting_it_and_reconnects(monkeypatch):
    monkeypatch.setattr("kela_portal.cache.PING_SECONDS", 0.2)
    with SilentRedis() as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        location = f"redis://127.0.0.1:{server.server_address[1]}/0"
        watcher = VersionWatcher({**REDIS["default"], "LOCATION": location})
        assert wait_for(lambda: watcher.current() is not None), "subscribed"
        assert wait_for(lambda: watcher.current() is None), "no answer to pings: not trusted"
        assert wait_for(lambda: server.subscribes >= 2), "connected again"
        server.shutdown()


def redis_reads():
    """GET and MGET commands the tests' Redis has answered so far."""
    import redis

    stats = redis.Redis.from_url(REDIS["default"]["LOCATION"]).info("commandstats")
    return sum(stats.get(f"cmdstat_{command}", {}).get("calls", 0) for command in ("get", "mget"))


def test_a_page_served_from_the_cache_reads_nothing_from_redis(client, loaded):
    """Each worker keeps the pages it served and the current content version: once it is
    listening for new versions, a cached page is served without a round trip to Redis, which
    would cost each hit far more than the rest of serving it (make bench)."""
    with override_settings(CACHES=REDIS):
        from django.core.cache import cache

        cache.clear()

        def a_hit_reads_nothing():
            before = redis_reads()
            client.get("/fi/organisaatio/")
            return redis_reads() == before

        assert wait_for(a_hit_reads_nothing), "the worker listens for new versions"
        before = redis_reads()
        for _ in range(20):
            assert client.get("/fi/organisaatio/").status_code == 200
        assert redis_reads() == before
        cache.clear()


def test_pages_are_served_while_the_cache_is_down(client, loaded):
    down = {"default": {**REDIS["default"], "LOCATION": "redis://127.0.0.1:9/0"}}
    with override_settings(CACHES=down):
        for _ in range(2):
            response = client.get("/fi/organisaatio/")
            assert response.status_code == 200
            assert "Viestintäyksikkö" in response.content.decode()


def test_each_worker_keeps_a_bounded_number_of_pages(rf, settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 3
    middleware = PageCacheMiddleware(lambda request: HttpResponse(f"page {request.GET['q']}"))
    for n in range(10):  # e.g. hostile search queries, each a new address
        middleware(rf.get("/fi/haku/", {"q": n}))
    assert len(middleware.local) == 3
    assert middleware(rf.get("/fi/haku/", {"q": 9})).content == b"page 9"


def test_each_worker_keeps_its_pages_within_a_bound_in_bytes(rf, settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 10_000
    middleware = PageCacheMiddleware(lambda request: HttpResponse("x" * 3000))
    for n in range(10):
        middleware(rf.get("/fi/haku/", {"q": n}))
    assert middleware.local.used <= 10_000
    assert len(middleware.local) == 3


def test_cache_headers_and_conditional_get(client, loaded):
    response = client.get("/en/")
    assert response["Cache-Control"] == "max-age=60"  # browsers keep a page a minute at most
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


def test_an_edit_on_one_web_node_is_seen_on_the_other_at_once(
    loaded, transactional_db, django_user_model
):
    """Two gunicorn nodes on one PostgreSQL and one Redis: an editor renames a unit in the
    admin of node A and publishes it, and node B serves the new name on its very next request."""
    django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-password")
    unit = Unit.objects.get(key="communications-unit")
    redis = {"REDIS_URL": redis_url(1), "DJANGO_PUBLISHING_FOUR_EYES": "0"}
    with override_settings(
        CACHES={
            "default": {**REDIS["default"], "LOCATION": redis["REDIS_URL"], "KEY_PREFIX": "kela"}
        }
    ):
        from django.core.cache import cache

        cache.clear()
        with gunicorn(**redis) as node_a, gunicorn(**redis) as node_b:
            for node in (node_a, node_b, node_a, node_b):  # the second round comes from cache
                assert "Viestintäyksikkö (muutettu)" not in fetch(node + "/fi/organisaatio/")[2]
            editor = Visitor(node_a)
            login = f"/{settings.ADMIN_PATH}login/"
            fields = form_fields(editor.open(login)[1], "login-form")
            editor.open(login, with_values(fields, username="editor", password="a-long-password"))
            change = f"/{settings.ADMIN_PATH}organisation/unit/{unit.pk}/change/"
            fields = form_fields(editor.open(change)[1], "unit_form")
            saved = editor.open(change, with_values(fields, name_fi="Viestintäyksikkö (muutettu)"))
            assert saved[0].endswith(f"/{settings.ADMIN_PATH}organisation/unit/"), "saved"
            assert "Viestintäyksikkö (muutettu)" not in fetch(node_b + "/fi/organisaatio/")[2]
            editor.act(change, "publish")
            for node in (node_b, node_a):
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


def test_concurrent_requests_after_a_change_wait_for_one_render(loaded, transactional_db, settings):
    """After a content change, 20 visitors ask for the same page at once: it is rendered once,
    and every one of them gets the new page."""
    settings.PAGE_CACHE_RENDER_WAIT_SECONDS = 5  # a bound no render reaches on a busy machine
    renders = []

    def slow_render(sender, template, **kwargs):  # a render long enough to overlap them all
        if template.name == "organisation/index.html":
            renders.append(template.name)
            time.sleep(0.2)

    visitors = 20
    start = threading.Barrier(visitors)
    pages = []

    def visit():
        try:
            start.wait()
            pages.append(Client().get("/sv/organisation/").content.decode())
        finally:
            connection.close()

    with override_settings(CACHES=REDIS):
        from django.core.cache import cache

        cache.clear()
        Client().get("/sv/organisation/")  # cached before the change
        unit = Unit.objects.get(key="communications-unit")
        unit.name_sv = "Kommunikationsenheten (ny)"
        unit.save()
        template_rendered.connect(slow_render)
        try:
            threads = [threading.Thread(target=visit) for _ in range(visitors)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            template_rendered.disconnect(slow_render)
        cache.clear()
    assert len(renders) == 1
    assert len(pages) == visitors
    assert all("Kommunikationsenheten (ny)" in page for page in pages)


def test_a_render_that_ends_between_the_lookup_and_the_lock_is_not_repeated(rf, monkeypatch):
    """Another worker renders and stores the page after this request missed it in the cache
    but before this request takes the render lock (which that render has let go of by then):
    the page is served as stored, not rendered a second time."""
    renders = []

    def view(request):
        renders.append(request.path)
        return HttpResponse("page")

    this_worker, other_worker = PageCacheMiddleware(view), PageCacheMiddleware(view)
    acquire, racing = RenderLock.acquire, []

    def other_worker_renders_first(lock):
        if not racing:
            racing.append(lock)
            other_worker(rf.get("/fi/"))  # renders, stores and releases the lock
        return acquire(lock)

    monkeypatch.setattr(RenderLock, "acquire", other_worker_renders_first)
    response = this_worker(rf.get("/fi/"))
    assert (response.status_code, response.content) == (200, b"page")
    assert renders == ["/fi/"]


def test_a_wait_for_another_render_is_bounded(rf, settings):
    """A render that never stores its page (or takes too long) holds the others a bounded
    time; then each renders the page on its own and none gets an error."""
    settings.PAGE_CACHE_RENDER_WAIT_SECONDS = 0.3
    middleware = PageCacheMiddleware(lambda request: HttpResponse("page"))
    version = content_version()
    stuck = RenderLock(middleware.key(rf.get("/fi/")), version)
    assert stuck.acquire()  # a render under way that never ends
    started = time.monotonic()
    response = middleware(rf.get("/fi/"))
    assert (response.status_code, response.content) == (200, b"page")
    assert 0.3 <= time.monotonic() - started < 1


def redis_keys():
    import redis

    return redis.Redis.from_url(REDIS["default"]["LOCATION"]).dbsize()


def test_random_query_strings_do_not_fill_the_cache(client, loaded):
    """2,000 requests for one page, each with query parameters the page does not read, are
    served from one cache entry instead of adding 2,000."""
    rng = random.Random(17)
    with override_settings(CACHES=REDIS):
        from django.core.cache import cache

        cache.clear()
        first = client.get("/fi/organisaatio/")
        before = redis_keys()
        for _ in range(2000):
            name = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 8)))
            response = client.get(f"/fi/organisaatio/?{name}={rng.getrandbits(64)}")
            assert response.content == first.content
        added = redis_keys() - before
        cache.clear()
    assert added <= 5


def test_only_the_parameters_a_page_reads_tell_its_cached_copies_apart(
    client, loaded, django_assert_num_queries
):
    """The search page reads q and page: other parameters, or another order, give the cached
    page; another q gives its own."""
    first = client.get("/en/search/", {"q": "Kela", "utm_source": "mail"})
    with django_assert_num_queries(0):  # nothing to render, and the count kept in memory
        again = client.get("/en/search/?utm_source=news&q=Kela&fbclid=1")
    assert again.content == first.content
    other = client.get("/en/search/", {"q": "partners"})
    assert other.content != first.content


def test_the_referral_guide_stores_only_pages_of_real_answers(client, loaded):
    """The guide's parameters are its questions' keys: answers to questions it does not have,
    or anything beside a complete set of answers, are rendered each time, never stored."""
    answers = dict.fromkeys(GuideQuestion.objects.values_list("key", flat=True), "no")
    with translation.override("fi"):
        path = reverse("partners:guide")
    with override_settings(CACHES=REDIS):
        from django.core.cache import cache

        cache.clear()
        client.get(path, answers)
        before = redis_keys()
        for n in range(20):
            assert client.get(path, {f"question-{n}": "yes"}).status_code == 200
            assert client.get(path, {**answers, f"utm-{n}": "x"}).status_code == 200
            assert client.get(path, {"asked": f"question-{n}"}).status_code == 200
        added = redis_keys() - before
        cache.clear()
    assert added == 0


def test_head_requests_are_served_from_the_cache(client, loaded, django_assert_num_queries):
    get = client.get("/sv/organisation/")
    with django_assert_num_queries(0):
        head = client.head("/sv/organisation/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_a_cookie_that_is_no_session_does_not_bypass_the_cache(
    client, loaded, django_assert_max_num_queries
):
    """A cookie named like the session cookie but naming no logged-in session costs one
    look-up of the session, and the visitor gets the cached page."""
    first = client.get("/fi/organisaatio/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-3f9a"
    with django_assert_max_num_queries(1):
        again = client.get("/fi/organisaatio/")
    assert again.content == first.content


def test_a_fragment_cannot_hold_a_block():
    """A fragment is shared by every page of its content version and language, so a block
    inside it, which each page fills its own way, is refused when the template is read."""
    engine = Engine.get_default()
    with pytest.raises(TemplateSyntaxError, match="cannot hold a {% block %}"):
        engine.from_string(
            '{% load portal %}{% fragment "x" %}<h1>{% block title %}{% endblock %}</h1>'
            "{% endfragment %}"
        )
