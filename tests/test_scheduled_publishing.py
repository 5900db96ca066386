"""Scheduled changes are made by the scheduler (`manage.py publish_scheduled`), never inside a
visitor's request; an expiry takes effect at its moment without any write; a scheduled draft
that cannot be published is recorded once, shown to the publisher and blocks nothing else."""

import datetime
import io

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from organisation.models import Unit
from partners.models import Topic
from publishing.models import AdminLanguage, Draft, ScheduleFailure
from tests.helpers import admin_url, client_of, form_fields

WRITES = ("INSERT", "UPDATE", "DELETE")


def save_draft(client, item, **changes):
    html = client.get(admin_url(item, "change")).content.decode()
    fields = form_fields(html, f"{item._meta.model_name}_form")
    response = client.post(
        admin_url(item, "change"), {name: changes.get(name, value) for name, value in fields}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def draft_from_before_the_check(item, user, **data):
    """A draft that chose an address before drafts' addresses were checked when saved (the
    admin now refuses it): publishing it must fail without harm."""
    draft = Draft.objects.create(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk, data=data
    )
    draft.contributors.add(user)


def schedule(client, item, at):
    response = client.post(
        admin_url(item, "publishing", "schedule"),
        {"publish_at": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302


def expire(client, item, at):
    response = client.post(
        admin_url(item, "publishing", "expire"),
        {"expire_at": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302


def a_minute_from_now(minutes=60):
    """A whole minute, as a datetime-local input sends it."""
    at = timezone.now() + datetime.timedelta(minutes=minutes)
    return at.replace(second=0, microsecond=0)


def writes(queries):
    found = (q["sql"] or "" for q in queries.captured_queries)  # the search query: no text
    return [sql for sql in found if sql.lstrip().upper().startswith(WRITES)]


def max_age(response):
    cache_control = response.get("Cache-Control", "")
    assert "max-age=" in cache_control, cache_control
    return int(cache_control.split("max-age=")[1].split(",")[0])


def publish_scheduled():
    """The scheduler's output; it returns (rather than raising) when it ends with status 0."""
    out, err = io.StringIO(), io.StringIO()
    call_command("publish_scheduled", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_a_visit_after_the_scheduled_moment_writes_nothing_and_shows_the_old_text(
    editor, publisher, lang, django_capture_on_commit_callbacks
):
    unit = Unit.objects.get(key="communications-unit")
    new_name = {"fi": "Viestinnän uusi yksikkö", "sv": "Nya kommunikationsenheten"}.get(
        lang, "The new communications unit"
    )
    old_name = getattr(unit, f"name_{lang}")
    with translation.override(lang):
        page_url = unit.get_absolute_url()
    at = a_minute_from_now()
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client_of(editor), unit, **{f"name_{lang}": new_name})
        schedule(client_of(publisher), unit, at)
    visitor = Client()
    with time_machine.travel(at + datetime.timedelta(seconds=5), tick=False):
        with CaptureQueriesContext(connection) as queries:
            page = visitor.get(page_url)
        assert writes(queries) == []
        assert page.status_code == 200
        assert new_name not in page.content.decode()
        assert old_name in page.content.decode()
        assert max_age(page) > 0
        with django_capture_on_commit_callbacks(execute=True):
            assert "Scheduled changes made: 1, failed: 0." in publish_scheduled()
        assert new_name in visitor.get(page_url).content.decode()
    assert not Draft.objects.exists()


def test_an_expired_item_leaves_pages_search_and_sitemap_at_its_moment_without_a_write(
    publisher, lang, django_capture_on_commit_callbacks
):
    topic = Topic.objects.published().first()
    with translation.override(lang):
        topic_url, topic_list, search = (
            topic.get_absolute_url(),
            reverse("partners:index"),
            reverse("search"),
        )
    title = getattr(topic, f"title_{lang}") or topic.title_fi
    at = a_minute_from_now()
    with django_capture_on_commit_callbacks(execute=True):
        expire(client_of(publisher), topic, at)
    visitor = Client()
    assert topic_url in visitor.get(topic_list).content.decode()  # now in the page cache
    assert topic_url in visitor.get(search, {"q": title}).content.decode()
    with time_machine.travel(at + datetime.timedelta(seconds=1), tick=False):
        with CaptureQueriesContext(connection) as queries:
            detail = visitor.get(topic_url)
            listed = visitor.get(topic_list).content.decode()
            sitemap = visitor.get("/sitemap.xml").content.decode()
            found = visitor.get(search, {"q": title}).content.decode()
        assert writes(queries) == []
        assert detail.status_code == 404
        assert topic_url not in listed
        assert topic_url not in sitemap
        assert topic_url not in found
    assert Topic.objects.get(pk=topic.pk).is_published  # nobody has unpublished it yet


def test_a_colliding_scheduled_draft_is_recorded_once_and_blocks_nothing_else(
    editor, publisher, django_capture_on_commit_callbacks
):
    first, second = Topic.objects.published().order_by("pk")[:2]
    unit = Unit.objects.get(key="communications-unit")
    editing, publishing = client_of(editor), client_of(publisher)
    at = a_minute_from_now()
    with django_capture_on_commit_callbacks(execute=True):
        # Both drafts choose the same new address: the second to be published collides.
        save_draft(editing, first, slug_fi="yhteinen-osoite")
        draft_from_before_the_check(second, editor, slug_fi="yhteinen-osoite")
        save_draft(editing, unit, name_fi="Viestinnän uusi yksikkö")
        schedule(publishing, first, at)
        schedule(publishing, second, at + datetime.timedelta(minutes=1))
        schedule(publishing, unit, at + datetime.timedelta(minutes=2))
    with time_machine.travel(at + datetime.timedelta(minutes=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            output = publish_scheduled()  # returns: the command ends with exit status 0
        assert "Scheduled changes made: 2, failed: 1." in output
        assert Unit.objects.get(pk=unit.pk).name_fi == "Viestinnän uusi yksikkö"
        assert Topic.objects.get(pk=first.pk).slug_fi == "yhteinen-osoite"
        assert Topic.objects.get(pk=second.pk).slug_fi != "yhteinen-osoite"
        failure = ScheduleFailure.objects.get()
        assert failure.draft.object_id == second.pk
    with time_machine.travel(at + datetime.timedelta(minutes=4), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "Scheduled changes made: 0, failed: 0." in publish_scheduled()  # not tried again
        assert ScheduleFailure.objects.get().failed_at == failure.failed_at
        board = publishing.get(reverse("admin:index")).content.decode()
        failed = board.split('id="schedule-failures"')[1].split("</ul>")[0]
        assert str(second) in failed
        visitor = Client()
        home = visitor.get("/fi/")
        assert max_age(home) > 0
        with CaptureQueriesContext(connection) as queries:
            assert max_age(visitor.get("/fi/")) > 0
        assert queries.captured_queries == []  # served from the page cache


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_dashboard_says_why_a_scheduled_draft_failed_in_the_admins_language(
    editor, publisher, lang, django_capture_on_commit_callbacks
):
    first, second = Topic.objects.published().order_by("pk")[:2]
    editing, publishing = client_of(editor), client_of(publisher)
    at = a_minute_from_now()
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(editing, first, slug_sv="gemensam-adress")
        draft_from_before_the_check(second, editor, slug_sv="gemensam-adress")
        schedule(publishing, first, at)
        schedule(publishing, second, at)
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "failed: 1." in publish_scheduled()
        AdminLanguage.objects.create(user=publisher, language=lang)
        board = publishing.get(reverse("admin:index")).content
    failed = board.decode().split('id="schedule-failures"')[1].split("</ul>")[0]
    expected = {
        "fi": "Toisella kohteella on jo tämä osoitenimi",
        "sv": "En annan post har redan det här adressnamnet",
    }[lang]
    assert expected in failed


def test_a_failed_draft_corrected_and_scheduled_again_is_published(
    editor, publisher, django_capture_on_commit_callbacks
):
    first, second = Topic.objects.published().order_by("pk")[:2]
    editing, publishing = client_of(editor), client_of(publisher)
    at = a_minute_from_now()
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(editing, first, slug_en="shared-address")
        draft_from_before_the_check(second, editor, slug_en="shared-address")
        schedule(publishing, first, at)
        schedule(publishing, second, at)
    with (
        time_machine.travel(at + datetime.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "failed: 1." in publish_scheduled()
        save_draft(editing, second, slug_en="an-address-of-its-own")
        schedule(publishing, second, at + datetime.timedelta(minutes=2))
    with time_machine.travel(at + datetime.timedelta(minutes=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "Scheduled changes made: 1, failed: 0." in publish_scheduled()
        assert Topic.objects.get(pk=second.pk).slug_en == "an-address-of-its-own"
        assert not ScheduleFailure.objects.exists()
        board = publishing.get(reverse("admin:index")).content.decode()
        assert 'id="schedule-failures"' not in board


class Stopped(Exception):
    pass


def test_the_development_scheduler_runs_at_each_whole_minute_until_stopped(loaded, monkeypatch):
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == 2:
            raise Stopped  # as the signal of `make run` stopping it would

    monkeypatch.setattr("publishing.management.commands.publish_scheduled.time.sleep", sleep)
    moment = a_minute_from_now(0) + datetime.timedelta(seconds=15)
    with time_machine.travel(moment, tick=False), pytest.raises(Stopped):
        call_command("publish_scheduled", every=60, stdout=io.StringIO())
    assert slept == [45, 45]
