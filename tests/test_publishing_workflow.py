"""Editors save drafts of live content; publishers review and publish them, at once or at a
set time; a save from an outdated form is refused without losing the typed text."""

import datetime
import io

import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from organisation.models import Unit
from partners.models import Topic
from publishing import workflow
from publishing.groups import EDITORS, PUBLISHERS
from publishing.models import Draft
from stats.models import Statistic
from tests.helpers import admin_url, client_of, form_fields

NEW_NAME = "Enheten för kommunikation och press"


def form_post(client, item, **changes):
    html = client.get(admin_url(item)).content.decode()
    opts = item._meta
    fields = form_fields(html, f"{opts.model_name}_form")
    return [(name, changes.get(name, value)) for name, value in fields]


def save(client, item, **changes):
    return client.post(admin_url(item), dict(form_post(client, item, **changes)))


def public(item, lang, client=None):
    """The item's public page in the language, to a visitor (or to the client given)."""
    with translation.override(lang):
        url = item.get_absolute_url()
    return (client or Client()).get(url)


def test_groups_editors_cannot_publish_publishers_can(loaded):
    editors = Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
    publishers = Group.objects.get(name=PUBLISHERS).permissions.values_list("codename", flat=True)
    assert "publish_content" not in editors
    assert set(publishers) == {*editors, "publish_content"}


def test_an_edit_of_a_published_unit_is_a_draft_until_a_publisher_publishes_it(
    editor, publisher, django_capture_on_commit_callbacks
):
    unit = Unit.objects.get(key="communications-unit")
    old_name = unit.name_sv
    editing = client_of(editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert save(editing, unit, name_sv=NEW_NAME).status_code == 302
    assert Unit.objects.get(pk=unit.pk).name_sv == old_name
    assert old_name in public(unit, "sv").content.decode()
    form = editing.get(admin_url(unit)).content.decode()
    assert NEW_NAME in form and 'id="draft-differences"' in form  # the form opens the draft

    preview_links = [
        line for line in form.split('"') if "/publishing/preview/" in line and line.endswith("/sv/")
    ]
    preview = editing.get(preview_links[0])
    assert preview.status_code == 200
    assert NEW_NAME in preview.content.decode()
    assert "preview-banner" in preview.content.decode()
    assert {"private", "no-store"} <= set(preview["Cache-Control"].replace(" ", "").split(","))
    assert old_name in public(unit, "sv").content.decode()  # nothing kept
    staff_view = public(unit, "sv", editing)  # what staff see on public pages
    assert {"private", "no-store"} <= set(staff_view["Cache-Control"].replace(" ", "").split(","))

    with django_capture_on_commit_callbacks(execute=True):
        editing.post(admin_url(unit, "publishing", "publish"))
    assert Unit.objects.get(pk=unit.pk).name_sv == old_name  # an editor cannot publish
    with django_capture_on_commit_callbacks(execute=True):
        editing.post(admin_url(unit, "publishing", "submit"))
        client_of(publisher).post(admin_url(unit, "publishing", "publish"))
    assert Unit.objects.get(pk=unit.pk).name_sv == NEW_NAME
    assert NEW_NAME in public(unit, "sv").content.decode()
    assert not Draft.objects.exists()
    revision = Version.objects.get_for_object(unit).first().revision
    note = revision.publishing_notes.get()
    assert (revision.user.get_username(), note.details["submitter"]) == ("publisher", "editor")


def test_nobody_publishes_their_own_change_with_four_eyes_on(
    publisher, settings, django_capture_on_commit_callbacks
):
    unit = Unit.objects.get(key="communications-unit")
    publishing = client_of(publisher)
    save(publishing, unit, name_sv=NEW_NAME)
    assert 'id="publish"' not in publishing.get(admin_url(unit)).content.decode()
    publishing.post(admin_url(unit, "publishing", "publish"))
    assert Unit.objects.get(pk=unit.pk).name_sv != NEW_NAME
    settings.PUBLISHING_FOUR_EYES = False
    with django_capture_on_commit_callbacks(execute=True):
        publishing.post(admin_url(unit, "publishing", "publish"))
    assert Unit.objects.get(pk=unit.pk).name_sv == NEW_NAME


def test_a_publisher_sends_a_draft_back_with_a_comment(editor, publisher):
    unit = Unit.objects.get(key="communications-unit")
    editing = client_of(editor)
    editing.post(
        admin_url(unit), dict(form_post(editing, unit, name_sv=NEW_NAME)) | {"_submit": "1"}
    )
    assert Draft.objects.get().status == Draft.Status.IN_REVIEW
    client_of(publisher).post(
        admin_url(unit, "publishing", "send-back"), {"publishing_comment": "Kortare namn, tack."}
    )
    draft = Draft.objects.get()
    assert (draft.status, draft.comment) == (Draft.Status.DRAFT, "Kortare namn, tack.")
    assert "Kortare namn, tack." in editing.get(admin_url(unit)).content.decode()
    assert Unit.objects.get(pk=unit.pk).name_sv != NEW_NAME


def test_new_items_start_as_drafts_and_unpublishing_is_an_action(
    editor, publisher, django_capture_on_commit_callbacks
):
    editing = client_of(editor)
    parent = Unit.objects.get(key="communications-unit")
    response = editing.post(
        reverse("admin:organisation_unit_add"),
        {
            "key": "test-new-unit",
            "kind": parent.kind,
            "parent": parent.pk,
            "order": 99,
            "name_fi": "Uusi yksikkö",
            "slug_fi": "uusi-yksikko",
            "summary_fi": "Uusi.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(key="test-new-unit")
    assert unit.is_published is False
    assert public(unit, "fi").status_code == 404
    publishing = client_of(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.post(admin_url(unit, "publishing", "publish"))
    assert public(unit, "fi").status_code == 200
    topic = Topic.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.post(admin_url(topic, "publishing", "unpublish"))
    assert public(topic, "fi").status_code == 404


def test_a_save_from_an_outdated_form_shows_the_conflict_and_keeps_both_texts(editor, publisher):
    unit = Unit.objects.get(key="communications-unit")
    first, second = client_of(editor), client_of(publisher)
    first_form = form_post(first, unit, name_sv="Första redaktörens namn")
    second_form = form_post(second, unit, name_sv="Andra redaktörens namn")
    assert first.post(admin_url(unit), dict(first_form)).status_code == 302
    conflict = second.post(admin_url(unit), dict(second_form))
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Första redaktörens namn" in page  # what was saved meanwhile
    assert "Andra redaktörens namn" in page  # the typed text, still in the form
    kept = dict(form_fields(page, "conflict-form"))
    assert Draft.objects.get().data["name_sv"] == "Första redaktörens namn"
    # Sent again from the conflict page, the second editor's text is saved knowingly.
    kept["name_sv"] = "Andra redaktörens namn"
    assert second.post(admin_url(unit), kept).status_code == 302
    assert Draft.objects.get().data["name_sv"] == "Andra redaktörens namn"


def test_scheduled_draft_and_expiry_follow_the_clock_without_anyone_saving(
    editor, publisher, transactional_db
):
    unit = Unit.objects.get(key="communications-unit")
    topic = Topic.objects.published().first()
    with translation.override("sv"):
        topic_url, topic_list, search = (
            topic.get_absolute_url(),
            reverse("partners:index"),
            reverse("search"),
        )
    now = timezone.now()
    save(client_of(editor), unit, name_sv=NEW_NAME)
    publishing = client_of(publisher)
    at = (now + datetime.timedelta(hours=1)).astimezone(timezone.get_current_timezone())
    at = at.replace(second=0, microsecond=0)  # as a datetime-local input sends it
    publishing.post(
        admin_url(unit, "publishing", "schedule"), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    publishing.post(
        admin_url(topic, "publishing", "expire"), {"expire_at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    visitor = Client()
    page = visitor.get("/sv/organisation/")
    assert NEW_NAME not in page.content.decode()
    assert int(page["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 60
    assert topic_url in visitor.get(topic_list).content.decode()
    assert topic_url in visitor.get("/sitemap.xml").content.decode()
    with time_machine.travel(at - datetime.timedelta(seconds=30), tick=False):
        cached = visitor.get("/sv/organisation/")
        assert int(cached["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 30, cached[
            "Cache-Control"
        ]
    with time_machine.travel(at + datetime.timedelta(seconds=1), tick=False):
        # The scheduler publishes the draft; the expiry needs nobody.
        assert NEW_NAME not in visitor.get("/sv/organisation/").content.decode()
        call_command("publish_scheduled", stdout=io.StringIO())
        assert NEW_NAME in visitor.get("/sv/organisation/").content.decode()
        assert visitor.get(topic_url).status_code == 404
        assert topic_url not in visitor.get(topic_list).content.decode()
        assert topic_url not in visitor.get("/sitemap.xml").content.decode()
        assert topic_url not in visitor.get(search, {"q": topic.title_sv}).content.decode()
    assert Unit.objects.get(pk=unit.pk).name_sv == NEW_NAME
    assert not Draft.objects.exists()


def test_the_dashboard_shows_drafts_reviews_schedules_and_waiting_feedback(
    editor, publisher, django_assert_max_num_queries
):
    from feedback.models import Feedback

    unit = Unit.objects.get(key="communications-unit")
    topic = Topic.objects.published().first()
    editing = client_of(editor)
    editing.post(
        admin_url(unit), dict(form_post(editing, unit, name_sv=NEW_NAME)) | {"_submit": "1"}
    )
    publishing = client_of(publisher)
    publishing.post(admin_url(topic, "publishing", "expire"), {"expire_at": "2031-05-01T09:00"})
    Feedback.objects.create(message="Sivulla on virhe.", language="fi")
    mine = editing.get(reverse("admin:index")).content.decode()
    assert str(unit) in mine.split('id="my-drafts"')[1].split("</ul>")[0]
    assert "Sivulla on virhe." in mine.split('id="feedback-waiting"')[1]
    with django_assert_max_num_queries(32):  # the whole admin index, every panel
        board = publishing.get(reverse("admin:index")).content.decode()
    assert str(unit) in board.split('id="awaiting-review"')[1].split("</ul>")[0]
    scheduled = board.split('id="scheduled-changes"')[1].split("</ul>")[0]
    assert str(topic) in scheduled and 'datetime="2031-05-01T09:00:00' in scheduled
    assert "editor" in board.split('id="recent-changes"')[1].split("</ul>")[0]


def test_the_form_of_a_statistic_with_a_changed_row_reads_the_rows_drafts_once(
    editor, publisher, django_assert_max_num_queries
):
    """A publisher opens an unpublished statistic whose text and one of whose rows have
    drafts: the form says a row waits and offers publishing and discarding, having read the
    rows' drafts once for all three (not again for the authors, nor for discarding)."""
    statistic = Statistic.objects.published().filter(values__is_published=True).first()
    value = statistic.values.published().first()
    value.value += 1
    workflow.save_draft(value, ["value"], editor)
    statistic.label_en = "Calls answered"
    workflow.save_draft(statistic, ["label_en"], editor)
    workflow.unpublish(statistic, publisher)
    publishing = client_of(publisher, "en")
    publishing.get(admin_url(statistic))  # the session and the content types are read once
    with django_assert_max_num_queries(20):  # three of them renew the session (idle timeout)
        html = publishing.get(admin_url(statistic)).content.decode()
    assert "One row below has a change waiting to be published with this item." in html
    assert 'id="publish"' in html and 'id="discard"' in html
