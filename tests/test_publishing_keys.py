"""Keys are fixed once an item exists, so the content files always find their items."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from organisation.models import Unit
from partners.models import Topic
from publishing.transfer import content_models


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
