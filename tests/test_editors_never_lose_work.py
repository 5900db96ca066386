"""Editors never lose work, and review has no back door.

Each test is a failure that two editors and a publisher met through the admin: restoring one
item's old version, inline and list edits, discarding, a stale form, publishing with typed text,
the Swedish admin, scheduling and addresses. Every action touches its own item only, becomes a
draft that follows review, and stays in the item's history.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from organisation.models import Unit
from partners.models import Topic
from publishing.groups import EDITORS
from publishing.models import Draft
from stats.models import Statistic, StatisticValue
from tests.helpers import act, admin_url, client_of, elements, form_fields, member


@pytest.fixture
def second_editor(loaded):
    return member(EDITORS, "second")


def form_of(client, url, form_id):
    return form_fields(client.get(url).content.decode(), form_id)


def changed(fields, **changes):
    return {**dict(fields), **changes}


def save(client, item, extra=None, **changes):
    fields = form_of(client, admin_url(item), f"{item._meta.model_name}_form")
    return client.post(admin_url(item), changed(fields, **changes) | (extra or {}))


def public(item, lang="fi"):
    with translation.override(lang):
        url = item.get_absolute_url()
    return Client().get(url)


def published_through_review(editor_client, publisher_client, item, **changes):
    assert save(editor_client, item, **changes).status_code == 302
    act(publisher_client, item, "publish")
    return type(item).objects.get(pk=item.pk)


def restore_url(item, version):
    return reverse(
        f"admin:{item._meta.app_label}_{item._meta.model_name}_revision",
        args=[item.pk, version.pk],
    )


def test_restoring_one_units_first_version_touches_no_other_item_and_becomes_a_draft(
    editor, publisher, django_capture_on_commit_callbacks
):
    editing, publishing = client_of(editor), client_of(publisher)
    unit, other = Unit.objects.filter(is_published=True)[:2]
    values_before = StatisticValue.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        other = published_through_review(
            editing, publishing, other, name_fi="Uusi nimi", slug_fi="uusi-osoite"
        )
        unit = published_through_review(editing, publishing, unit, name_fi="Muutettu nimi")
    first = Version.objects.get_for_object(unit).last()
    fields = form_of(editing, restore_url(unit, first), "unit_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = editing.post(restore_url(unit, first), dict(fields), follow=True)
    assert response.status_code == 200
    other = Unit.objects.get(pk=other.pk)
    assert (other.name_fi, other.slug_fi) == ("Uusi nimi", "uusi-osoite")
    assert public(other).status_code == 200
    assert StatisticValue.objects.count() == values_before
    unit = Unit.objects.get(pk=unit.pk)
    assert unit.name_fi == "Muutettu nimi" and unit.is_published  # the public page is unchanged
    draft = Draft.objects.get(object_id=unit.pk, content_type__model="unit")
    assert draft.data["name_fi"] == first.field_dict["name_fi"]
    assert "Muutettu nimi" in public(unit).content.decode()


def test_restoring_an_unpublished_topic_keeps_it_unpublished(editor, publisher):
    editing, publishing = client_of(editor), client_of(publisher)
    topic = Topic.objects.published().first()
    act(publishing, topic, "unpublish")
    first = Version.objects.get_for_object(topic).last()
    fields = form_of(editing, restore_url(topic, first), "topic_form")
    editing.post(restore_url(topic, first), dict(fields))
    topic = Topic.objects.get(pk=topic.pk)
    assert topic.is_published is False
    assert public(topic).status_code == 404


def test_recovering_a_deleted_value_makes_an_unpublished_draft_and_keeps_the_rest(
    editor, publisher
):
    value = StatisticValue.objects.published().first()
    client_of(editor).post(admin_url(value, "delete"), {"post": "yes"})
    assert StatisticValue.objects.filter(pk=value.pk).exists()  # a draft of the removal
    act(client_of(publisher), value.statistic, "publish")
    assert not StatisticValue.objects.filter(pk=value.pk).exists()
    count = StatisticValue.objects.count()
    deleted = Version.objects.get_deleted(StatisticValue).first()
    recover = reverse("admin:stats_statisticvalue_recover", args=[deleted.pk])
    editing = client_of(editor)
    fields = form_of(editing, recover, "statisticvalue_form")
    assert editing.post(recover, dict(fields)).status_code == 302
    recovered = StatisticValue.objects.get(statistic=value.statistic, year=value.year)
    assert recovered.is_published is False
    assert StatisticValue.objects.count() == count + 1


def test_an_inline_edit_of_a_figure_is_a_draft_of_its_statistic(editor, publisher):
    statistic = Statistic.objects.published().filter(values__is_published=True).first()
    value = statistic.values.published().first()
    editing = client_of(editor)
    fields = form_of(editing, admin_url(statistic), "statistic_form")
    prefix = next(name for name, v in fields if name.endswith("-id") and v == str(value.pk))
    prefix = prefix.removesuffix("-id")
    response = editing.post(
        admin_url(statistic),
        changed(fields, **{f"{prefix}-value": str(value.value + 1), f"{prefix}-note_fi": "Uusi"}),
    )
    assert response.status_code == 302
    assert StatisticValue.objects.get(pk=value.pk).value == value.value  # public unchanged
    act(client_of(publisher), statistic, "publish")
    assert StatisticValue.objects.get(pk=value.pk).value == value.value + 1


def test_deleting_a_published_value_inline_is_a_draft_until_published(editor, publisher):
    statistic = Statistic.objects.published().filter(values__is_published=True).first()
    value = statistic.values.published().first()
    editing = client_of(editor)
    fields = form_of(editing, admin_url(statistic), "statistic_form")
    prefix = next(name for name, v in fields if name.endswith("-id") and v == str(value.pk))
    response = editing.post(
        admin_url(statistic), changed(fields, **{prefix.replace("-id", "-DELETE"): "on"})
    )
    assert response.status_code == 302
    assert StatisticValue.objects.filter(pk=value.pk, is_published=True).exists()
    act(client_of(publisher), statistic, "publish")
    assert not StatisticValue.objects.filter(pk=value.pk).exists()


def test_a_publisher_cannot_publish_own_text_by_unpublish_save_discard_publish(publisher):
    publishing = client_of(publisher)
    unit = Unit.objects.filter(is_published=True).first()
    act(publishing, unit, "unpublish")
    save(publishing, unit, name_fi="Julkaisijan oma teksti")
    publishing.post(admin_url(unit, "publishing", "discard"), {"confirm": "yes"})
    act(publishing, unit, "publish")
    unit = Unit.objects.get(pk=unit.pk)
    assert not (unit.is_published and unit.name_fi == "Julkaisijan oma teksti")


def test_a_stale_form_merges_field_by_field_and_keeps_the_other_editors_text(editor, second_editor):
    unit = Unit.objects.filter(is_published=True).first()
    first, second = client_of(editor), client_of(second_editor)
    stale = form_of(first, admin_url(unit), "unit_form")
    assert save(second, unit, name_sv="Andra redaktörens namn").status_code == 302
    response = first.post(admin_url(unit), changed(stale, name_fi="Ensimmäisen nimi"))
    assert response.status_code == 302
    data = Draft.objects.get().data
    assert data["name_sv"] == "Andra redaktörens namn"
    assert data["name_fi"] == "Ensimmäisen nimi"


def test_a_real_conflict_shows_base_theirs_and_mine_and_replaces_nothing_silently(
    editor, second_editor
):
    unit = Unit.objects.filter(is_published=True).first()
    base = unit.name_sv
    first, second = client_of(editor), client_of(second_editor)
    stale = form_of(first, admin_url(unit), "unit_form")
    save(second, unit, name_sv="Andra redaktörens namn", summary_fi="Toisen tiivistelmä")
    response = first.post(
        admin_url(unit), changed(stale, name_sv="Första redaktörens namn", name_fi="Oma nimi")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert base in page and "Andra redaktörens namn" in page and "Första redaktörens namn" in page
    resolution = dict(form_fields(page, "conflict-form"))
    assert "name_sv" not in resolution  # the editor chooses: nothing is pre-chosen
    assert Draft.objects.get().data["name_sv"] == "Andra redaktörens namn"
    assert first.post(admin_url(unit), resolution).status_code == 409  # no choice, no save
    resolution["name_sv"] = "Andra redaktörens namn"  # keep theirs
    assert first.post(admin_url(unit), resolution).status_code == 302
    data = Draft.objects.get().data
    assert data["name_sv"] == "Andra redaktörens namn"
    assert data["summary_fi"] == "Toisen tiivistelmä"
    assert data["name_fi"] == "Oma nimi"


def test_discard_asks_first_only_author_or_publisher_may_and_the_text_stays_in_history(
    editor, second_editor, publisher
):
    unit = Unit.objects.filter(is_published=True).first()
    save(client_of(editor), unit, name_fi="Luonnoksen teksti")
    colleague = client_of(second_editor)
    confirm = colleague.get(admin_url(unit, "publishing", "discard"))
    assert confirm.status_code == 403
    colleague.post(admin_url(unit, "publishing", "discard"), {"confirm": "yes"})
    assert Draft.objects.filter(object_id=unit.pk).exists()
    editing = client_of(editor)
    page = editing.get(admin_url(unit, "publishing", "discard"))
    assert page.status_code == 200 and "Luonnoksen teksti" in page.content.decode()
    editing.post(admin_url(unit, "publishing", "discard"))  # no confirmation: nothing happens
    assert Draft.objects.filter(object_id=unit.pk).exists()
    editing.post(admin_url(unit, "publishing", "discard"), {"confirm": "yes"})
    assert not Draft.objects.filter(object_id=unit.pk).exists()
    saved = [
        v for v in Version.objects.get_for_object(unit) if "Luonnoksen teksti" in str(v.field_dict)
    ]
    assert saved, "the discarded text is in the history"
    fields = form_of(editing, restore_url(unit, saved[0]), "unit_form")
    editing.post(restore_url(unit, saved[0]), dict(fields))
    assert Draft.objects.get(object_id=unit.pk).data["name_fi"] == "Luonnoksen teksti"


def test_saving_only_the_order_column_keeps_another_editors_draft(editor, second_editor):
    unit = Unit.objects.filter(is_published=True, parent=None).first()
    save(client_of(editor), unit, name_fi="Toisen luonnos")
    listing = client_of(second_editor)
    url = reverse("admin:organisation_unit_changelist")
    fields = form_of(listing, url, "changelist-form")
    index = next(n for n, v in fields if n.endswith("-id") and v == str(unit.pk)).split("-")[1]
    response = listing.post(url, changed(fields, **{f"form-{index}-order": "77", "_save": "1"}))
    assert response.status_code == 302
    data = Draft.objects.get(object_id=unit.pk, content_type__model="unit").data
    assert data["name_fi"] == "Toisen luonnos" and data["order"] == 77


def test_publish_with_typed_changes_never_drops_them(editor, publisher):
    unit = Unit.objects.filter(is_published=True).first()
    save(client_of(editor), unit, name_fi="Toimittajan nimi")
    publishing = client_of(publisher)
    page = publishing.get(admin_url(unit)).content.decode()
    button = next(b for b in elements(page, "button") if b.get("id") == "publish")
    fields = changed(form_fields(page, "unit_form"), name_fi="Julkaisijan korjaus")
    target = button.get("formaction") or admin_url(unit)
    response = publishing.post(target, fields | {button.get("name") or "publish": "1"})
    assert response.status_code == 302
    unit = Unit.objects.get(pk=unit.pk)
    draft = Draft.objects.get(object_id=unit.pk, content_type__model="unit")
    assert draft.data["name_fi"] == "Julkaisijan korjaus"  # saved, not dropped
    assert unit.name_fi != "Julkaisijan korjaus"  # and not published by its own writer


@pytest.mark.parametrize("admin_language", ["sv", "en"])
def test_a_new_topic_saved_in_another_admin_language_gets_no_finnish_in_other_fields(
    editor, publisher, admin_language
):
    editing = client_of(editor, admin_language)
    url = reverse("admin:partners_topic_add")
    fields = form_of(editing, url, "topic_form")
    body = "<p>Vain suomeksi kirjoitettu teksti.</p>"
    new = {"section": Topic.Section.values[0], "title_fi": "Uusi aihe", "summary_fi": "Lyhyesti."}
    assert editing.post(url, changed(fields, body_fi=body, **new)).status_code == 302
    topic = Topic.objects.get(title_fi="Uusi aihe")
    act(client_of(publisher, admin_language), topic, "publish")
    topic = Topic.objects.get(pk=topic.pk)
    assert topic.body_fi == body
    assert (topic.body_sv or "", topic.body_en or "") == ("", "")
    assert (topic.summary_sv or "", topic.title_sv or "") == ("", "")


def test_an_edit_to_a_scheduled_draft_cancels_the_schedule(editor, publisher):
    unit = Unit.objects.filter(is_published=True).first()
    editing = client_of(editor)
    save(editing, unit, name_fi="Arvioitu teksti")
    when = timezone.localtime() + datetime.timedelta(days=1)
    client_of(publisher).post(
        admin_url(unit, "publishing", "schedule"), {"publish_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert Draft.objects.get(object_id=unit.pk).publish_at is not None
    save(editing, unit, name_fi="Arvioimaton muutos")
    draft = Draft.objects.get(object_id=unit.pk)
    assert draft.publish_at is None and draft.status == Draft.Status.DRAFT


def test_two_drafts_choosing_one_address_get_a_form_error_never_a_500(editor, publisher):
    first, second = Topic.objects.published()[:2]
    editing, publishing = client_of(editor), client_of(publisher)
    assert save(editing, first, slug_fi="sama-osoite").status_code == 302
    response = save(editing, second, slug_fi="sama-osoite")
    assert response.status_code == 200  # refused at saving, with the form shown again
    assert "sama-osoite" in response.content.decode()
    act(publishing, first, "publish")
    # A draft saved before the collision existed is refused at publishing, with a message.
    Draft.objects.create(
        content_type=ContentType.objects.get_for_model(Topic),
        object_id=second.pk,
        data={"slug_fi": "sama-osoite"},
    )
    response = publishing.post(admin_url(second, "publishing", "publish"), follow=True)
    assert response.status_code == 200
    assert Topic.objects.get(pk=second.pk).slug_fi != "sama-osoite"


def test_a_changed_address_keeps_the_old_one_as_a_permanent_redirect(
    editor, publisher, django_capture_on_commit_callbacks
):
    topic = Topic.objects.published().first()
    old = public(topic).request["PATH_INFO"]
    with django_capture_on_commit_callbacks(execute=True):
        topic = published_through_review(
            client_of(editor), client_of(publisher), topic, slug_fi="uusi-aiheen-osoite"
        )
    response = Client().get(old)
    assert response.status_code == 301
    assert response["Location"].endswith("/uusi-aiheen-osoite/")


@pytest.mark.parametrize("reader", ["fi", "sv"])
def test_history_is_shown_in_the_readers_language(editor, publisher, reader):
    unit = Unit.objects.filter(is_published=True).first()
    save(client_of(editor, "sv" if reader == "fi" else "fi"), unit, name_fi="Historian teksti")
    page = client_of(publisher, reader).get(admin_url(unit, "history")).content.decode()
    expected = {"fi": "Luonnos tallennettu", "sv": "Utkastet sparat"}[reader]
    assert expected in page
