"""Keys are fixed once an item is first published (or loaded from the content files), so the
content files always find their items; before that, the editor may adjust a new item's key."""

import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse

from organisation.models import Unit
from partners.models import Topic
from publishing.transfer import content_models
from tests.helpers import act, form_fields, with_values


@pytest.mark.parametrize("model", content_models(), ids=lambda model: model._meta.label)
def test_the_key_of_an_existing_item_cannot_be_edited_in_the_admin(admin_client, loaded, model):
    item = model.objects.first()
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    )
    assert response.status_code == 200
    assert "key" not in response.context["adminform"].form.fields
    assert item.key in response.content.decode()  # shown, as text


def test_a_new_item_gets_its_key_in_the_admin(admin_client, loaded):
    form = admin_client.get(reverse("admin:organisation_unit_add")).context["adminform"].form
    assert "key" in form.fields


def test_the_key_of_a_new_item_can_be_adjusted_until_it_is_first_published(
    admin_client, loaded, settings
):
    settings.PUBLISHING_FOUR_EYES = False
    added = admin_client.post(
        reverse("admin:partners_topic_add"),
        {
            "section": Topic.Section.values[0],
            "title_fi": "Uusi aihe",
            "summary_fi": "Kuvaus.",
            "order": 0,
        },
    )
    assert added.status_code == 302
    topic = Topic.objects.get(title_fi="Uusi aihe")
    assert topic.key == "uusi-aihe" and not topic.is_published
    url = reverse("admin:partners_topic_change", args=[topic.pk])

    def save(fields):
        body = urlencode(fields)
        response = admin_client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 302
        topic.refresh_from_db()

    fields = form_fields(admin_client.get(url).content.decode(), "topic_form")
    assert ("key", "uusi-aihe") in fields  # an input the editor can change
    save(with_values(fields, key="aihe-jonka-avain-muutettiin"))
    assert topic.key == "aihe-jonka-avain-muutettiin"

    act(admin_client, topic, "publish")
    page = admin_client.get(url)
    assert "key" not in page.context["adminform"].form.fields
    fields = form_fields(page.content.decode(), "topic_form")
    assert "key" not in dict(fields) and "aihe-jonka-avain-muutettiin" in page.content.decode()
    save([*fields, ("key", "toinen-avain")])
    assert topic.key == "aihe-jonka-avain-muutettiin"


def test_load_content_leaves_renamed_reslugged_and_unpublished_items_alone(loaded):
    unit = Unit.objects.get(key="communications-unit")
    unit.name_sv, unit.slug_sv, unit.slug_fi = "Kommunikation", "kommunikation", "viestinta"
    unit.save()
    topic = Topic.objects.published().first()
    topic.title_en, topic.slug_en, topic.is_published = "Renamed", "renamed", False
    topic.save()
    out = io.StringIO()
    call_command("load_content", stdout=out)
    unit.refresh_from_db()
    topic.refresh_from_db()
    assert (unit.name_sv, unit.slug_sv, unit.slug_fi) == (
        "Kommunikation",
        "kommunikation",
        "viestinta",
    )
    assert (topic.title_en, topic.slug_en, topic.is_published) == ("Renamed", "renamed", False)
    assert "organisation.Unit: 21 kept" in out.getvalue()
    assert "Content loaded." in out.getvalue()
