"""Writes while Redis is away: nothing is lost, and nothing stays stale once it is back.

Real gunicorn and PostgreSQL; Redis (the test server) is reached through a TCP proxy that the
test cuts and restores, so Redis keeps the pages it had cached before the outage."""

import time
import urllib.parse

import pytest
from django.conf import settings

from feedback.models import Feedback
from organisation.models import Unit
from tests.conftest import redis_url
from tests.servers import Visitor, fetch, gunicorn
from tests.tcp_proxy import TcpProxy

NEW_NAME = "Kommunikationsenheten (ändrad under avbrottet)"


@pytest.fixture
def redis_through_proxy(loaded, transactional_db):
    """(gunicorn base URL, the proxy between it and Redis)."""
    url = urllib.parse.urlsplit(redis_url(1))
    proxy = TcpProxy(url.hostname, url.port)
    proxy.start()
    with gunicorn(
        REDIS_URL=f"redis://127.0.0.1:{proxy.port}{url.path}", DJANGO_PUBLISHING_FOUR_EYES="0"
    ) as base:
        yield base, proxy
    proxy.stop()
    import redis

    redis.Redis.from_url(redis_url(1)).flushdb()


def test_feedback_sent_while_redis_is_away_is_stored(redis_through_proxy):
    base, proxy = redis_through_proxy
    proxy.cut()
    final_url, body = Visitor(base).submit(
        "/fi/palaute/", "feedback-form", message="Lomake toimii ilman välimuistia."
    )
    assert final_url.endswith("/fi/palaute/kiitos/")
    assert Feedback.objects.get().message == "Lomake toimii ilman välimuistia."


def test_an_admin_save_while_redis_is_away_succeeds_and_shows_once_it_is_back(
    redis_through_proxy, django_user_model
):
    base, proxy = redis_through_proxy
    django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-password")
    unit = Unit.objects.get(key="communications-unit")
    for _ in range(2):  # the second answer comes from the cache
        assert NEW_NAME not in fetch(base + "/sv/organisation/")[2]
    editor = Visitor(base)
    login = f"/{settings.ADMIN_PATH}login/"
    editor.submit(login, "login-form", username="editor", password="a-long-password")

    proxy.cut()
    change = f"/{settings.ADMIN_PATH}organisation/unit/{unit.pk}/change/"
    saved_at, _body = editor.submit(change, "unit_form", name_sv=NEW_NAME)
    assert saved_at.endswith(f"/{settings.ADMIN_PATH}organisation/unit/"), "saved"
    editor.act(change, "publish")
    Unit.objects.get(pk=unit.pk, name_sv=NEW_NAME)

    proxy.start()  # Redis is back, with the pages it cached before the change
    deadline = time.monotonic() + 10
    while NEW_NAME not in fetch(base + "/sv/organisation/")[2]:
        assert time.monotonic() < deadline, "the change is shown once Redis is back"
        time.sleep(0.2)
