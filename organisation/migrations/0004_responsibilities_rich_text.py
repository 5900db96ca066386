"""A unit's responsibilities become rich text, as a topic's body: the plain text that each
language's column held becomes paragraphs (and lists) of escaped text, and so do the values a
unit's draft holds. A translation noted as made from the Finnish plain text stays current."""

import html
import re

from django.db import migrations
from django.utils.html import strip_tags

import publishing.fields
from publishing.models import fingerprint
from publishing.richtext import plain_text_html

COLUMNS = ("responsibilities", "responsibilities_fi", "responsibilities_sv", "responsibilities_en")
FINNISH = "responsibilities_fi"


def to_rich_text(apps, schema_editor):
    Unit = apps.get_model("organisation", "Unit")
    alias = schema_editor.connection.alias
    for unit in Unit.objects.using(alias).all():
        before = getattr(unit, FINNISH)
        for column in COLUMNS:
            if getattr(unit, column):
                setattr(unit, column, plain_text_html(getattr(unit, column)))
        notes = unit.translated_from.get("responsibilities", {})
        for language, noted in notes.items():
            if noted == fingerprint(before):
                notes[language] = fingerprint(getattr(unit, FINNISH))
        # update(), not save(): save() would move the unit's "last updated" date (auto_now),
        # which its public page shows, though the text reads the same.
        Unit.objects.using(alias).filter(pk=unit.pk).update(
            translated_from=unit.translated_from,
            **{column: getattr(unit, column) for column in COLUMNS},
        )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Draft = apps.get_model("publishing", "Draft")
    unit_type = ContentType.objects.using(alias).filter(app_label="organisation", model="unit")
    for draft in Draft.objects.using(alias).filter(content_type__in=unit_type):
        changed = {
            column: plain_text_html(draft.data[column])
            for column in COLUMNS
            if draft.data.get(column)
        }
        if changed:
            draft.data.update(changed)
            Draft.objects.using(alias).filter(pk=draft.pk).update(data=draft.data)


def plain_text(value):
    """Rich text back as plain text: paragraphs apart, list items on lines of their own."""
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"<li[^>]*>", "\n- ", value)
    value = re.sub(r"</(p|ul|ol|h[2-4])>", "\n\n", value)
    return html.unescape(strip_tags(value)).strip()


def to_plain_text(apps, schema_editor):
    Unit = apps.get_model("organisation", "Unit")
    alias = schema_editor.connection.alias
    for unit in Unit.objects.using(alias).all():
        Unit.objects.using(alias).filter(pk=unit.pk).update(
            **{
                column: plain_text(getattr(unit, column))
                for column in COLUMNS
                if getattr(unit, column)
            }
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_keys_fixed_and_translation_sources"),
        ("publishing", "0002_draft_expiry"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="responsibilities",
            field=publishing.fields.RichTextField(blank=True, verbose_name="responsibilities"),
        ),
        migrations.AlterField(
            model_name="unit",
            name="responsibilities_en",
            field=publishing.fields.RichTextField(
                blank=True, null=True, verbose_name="responsibilities"
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="responsibilities_fi",
            field=publishing.fields.RichTextField(
                blank=True, null=True, verbose_name="responsibilities"
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="responsibilities_sv",
            field=publishing.fields.RichTextField(
                blank=True, null=True, verbose_name="responsibilities"
            ),
        ),
        migrations.RunPython(to_rich_text, to_plain_text, elidable=False),
    ]
