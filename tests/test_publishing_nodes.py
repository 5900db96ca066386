"""Unpublishing under load on two web nodes that share PostgreSQL and Redis."""

import json
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.test.utils import override_settings

from partners.models import Topic
from tests.conftest import redis_url
from tests.helpers import form_fields, with_values
from tests.servers import Visitor, gunicorn


def status(url, encoding):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def publisher_at(node, topic):
    """The publisher's browser, logged in at the node, and the CSRF token of the topic's form."""
    editor = Visitor(node)
    login = f"/{settings.ADMIN_PATH}login/"
    fields = form_fields(editor.open(login)[1], "login-form")
    editor.open(login, with_values(fields, username="publisher", password="a-long-password"))
    change = f"/{settings.ADMIN_PATH}partners/topic/{topic.pk}/change/"
    return editor, dict(form_fields(editor.open(change)[1], "topic_form"))["csrfmiddlewaretoken"]


def redis_env_and_caches():
    env = {
        "REDIS_URL": redis_url(1),
        "DJANGO_PUBLISHING_FOUR_EYES": "0",
        "DJANGO_API_RATE_LIMIT": "1000000",
    }
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env["REDIS_URL"],
            "KEY_PREFIX": "kela",
        }
    }
    return env, caches


def test_unpublished_page_is_gone_from_every_node_within_a_second_under_load(
    loaded, transactional_db, django_user_model
):
    django_user_model.objects.create_superuser("publisher", "p@example.com", "a-long-password")
    topic = Topic.objects.published().first()
    page = topic.get_absolute_url()
    env, caches = redis_env_and_caches()
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        with gunicorn(**env) as node_a, gunicorn(**env) as node_b:
            editor, token = publisher_at(node_a, topic)

            answers = []  # (started, answered, node, encoding, status)
            stop = threading.Event()

            def load(node, encoding):
                while not stop.is_set():
                    started = time.monotonic()
                    answer = status(node + page, encoding)
                    answers.append((started, time.monotonic(), node, encoding, answer))

            workers = [
                threading.Thread(target=load, args=(node, encoding))
                for node in (node_a, node_b)
                for encoding in ("gzip", "identity")
                for _copy in range(2)
            ]
            for worker in workers:
                worker.start()
            time.sleep(1.5)  # every node has the page cached, in both encodings
            sent = time.monotonic()
            unpublish = f"/{settings.ADMIN_PATH}partners/topic/{topic.pk}/publishing/unpublish/"
            editor.open(unpublish, [("csrfmiddlewaretoken", token)])
            committed = time.monotonic()  # the commit came before the answer
            time.sleep(2)
            stop.set()
            for worker in workers:
                worker.join()
        cache.clear()
    # A request answered before the unpublish was sent saw the published page; one that
    # was under way while it was committed may rightly see either.
    before = [a for a in answers if a[1] < sent]
    after = [a for a in answers if a[0] > committed]
    assert {a[4] for a in before} == {200}
    assert {(a[2], a[3]) for a in before} == {
        (node, encoding) for node in (node_a, node_b) for encoding in ("gzip", "identity")
    }
    late = [a[0] - committed for a in after if a[4] == 200]
    print(
        f"{len(before)} requests before, {len(after)} after the unpublish; last 200 "
        f"{max(late, default=0) * 1000:.0f} ms after the commit; publish took "
        f"{(committed - sent) * 1000:.0f} ms"
    )
    assert max(late, default=0) < 1.0
    assert {a[4] for a in after if a[0] > committed + 1.0} == {404}


def test_unpublished_item_is_gone_from_the_api_of_every_node_at_once(
    loaded, transactional_db, django_user_model
):
    """Clients revalidate with the ETag they last got: no node answers "unchanged" (304) for
    a list that still held the item, once the unpublish is committed."""
    django_user_model.objects.create_superuser("publisher", "p@example.com", "a-long-password")
    topic = Topic.objects.published().first()
    env, caches = redis_env_and_caches()
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        with gunicorn(**env) as node_a, gunicorn(**env) as node_b:
            editor, token = publisher_at(node_a, topic)
            answers = []  # (started, answered, node, whether the topic is in the answer)
            stop = threading.Event()

            def load(node):
                etag, listed = None, None
                while not stop.is_set():
                    started = time.monotonic()
                    headers = {"If-None-Match": etag} if etag else {}
                    request = urllib.request.Request(node + "/api/v1/topics/", headers=headers)
                    try:
                        with urllib.request.urlopen(request, timeout=10) as response:
                            body = json.loads(response.read())
                            etag = response.headers["ETag"]
                            listed = topic.key in {item["key"] for item in body["results"]}
                    except urllib.error.HTTPError as error:
                        assert error.code == 304  # unchanged: what this client had
                    answers.append((started, time.monotonic(), node, listed))

            workers = [
                threading.Thread(target=load, args=(node,))
                for node in (node_a, node_b)
                for _copy in range(2)
            ]
            for worker in workers:
                worker.start()
            time.sleep(1.5)
            sent = time.monotonic()
            unpublish = f"/{settings.ADMIN_PATH}partners/topic/{topic.pk}/publishing/unpublish/"
            editor.open(unpublish, [("csrfmiddlewaretoken", token)])
            committed = time.monotonic()
            time.sleep(2)
            stop.set()
            for worker in workers:
                worker.join()
        cache.clear()
    before = [a for a in answers if a[1] < sent]
    after = [a for a in answers if a[0] > committed]
    assert {a[3] for a in before} == {True}
    assert {a[2] for a in before} == {node_a, node_b}
    assert after and {a[3] for a in after} == {False}
