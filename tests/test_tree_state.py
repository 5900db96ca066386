"""The admin tells the truth about the tree: a unit under an unpublished unit is hidden from
the public, and its list row and form say so."""

from django.urls import reverse

from organisation.models import Unit


def test_units_under_an_unpublished_unit_say_they_are_hidden(editor_client, client):
    parent = Unit.objects.filter(is_published=True, children__isnull=False).first()
    child = Unit.objects.filter(parent=parent).first()
    Unit.objects.filter(pk=parent.pk).update(is_published=False)
    hidden = f"Piilotettu: ylempi yksikkö {parent.name_fi} on julkaisematon."

    listing = editor_client.get(reverse("admin:organisation_unit_changelist"))
    html = listing.content.decode()
    assert html.count(hidden) == len(list(parent.descendants()))
    form = editor_client.get(reverse("admin:organisation_unit_change", args=[child.pk]))
    assert hidden in form.content.decode()
    assert client.__class__().get(child.get_absolute_url()).status_code == 404  # a visitor

    other = Unit.objects.filter(parent__isnull=True).exclude(pk=parent.pk).first()
    form = editor_client.get(reverse("admin:organisation_unit_change", args=[other.pk]))
    assert "Piilotettu" not in form.content.decode()
