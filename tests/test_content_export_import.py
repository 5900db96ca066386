"""Content export and import: a byte-identical round trip, and all-or-nothing imports."""

import json

import pytest
from django.core.management import CommandError, call_command

from organisation.models import Unit
from partners.models import Topic
from publishing.transfer import content_models


def export(tmp_path, name):
    path = tmp_path / name
    call_command("export_content", str(path))
    return path


def empty_content():
    for model in reversed(content_models()):
        # Children before parents: tree models are emptied leaves first.
        while model.objects.exists():
            model.objects.filter(**({"children__isnull": True} if model is Unit else {})).delete()


def test_export_empty_database_import_export_is_identical(loaded, tmp_path):
    unit = Unit.objects.get(key="medical-advisory-unit")
    unit.is_published = False
    unit.save()
    first = export(tmp_path, "first.json")
    data = json.loads(first.read_text())
    assert {"organisation.Unit", "partners.Topic", "stats.Statistic"} <= set(data["models"])
    assert any(record["name_sv"] for record in data["models"]["organisation.Unit"])

    empty_content()
    assert not Unit.objects.exists()
    call_command("import_content", str(first), verbosity=0)
    second = export(tmp_path, "second.json")
    assert second.read_bytes() == first.read_bytes()
    assert Unit.objects.get(key="medical-advisory-unit").is_published is False


def test_invalid_record_changes_nothing_and_is_named(loaded, tmp_path):
    path = export(tmp_path, "content.json")
    data = json.loads(path.read_text())
    empty_content()
    units = data["models"]["organisation.Unit"]
    broken = next(record for record in units if record["key"] == "medical-advisory-unit")
    broken["name_fi"] = ""
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as error:
        call_command("import_content", str(path), verbosity=0)
    assert "organisation.Unit 'medical-advisory-unit'" in str(error.value)
    assert not Unit.objects.exists()
    assert not Topic.objects.exists()


def test_dry_run_prints_and_changes_nothing(loaded, tmp_path, capsys):
    path = export(tmp_path, "content.json")
    data = json.loads(path.read_text())
    topic = next(r for r in data["models"]["partners.Topic"] if r["key"] == "reform")
    topic["title_en"] = "The reform, retitled"
    path.write_text(json.dumps(data))
    call_command("import_content", str(path), "--update", "--dry-run")
    out = capsys.readouterr().out
    assert out.splitlines() == ["would update partners.Topic 'reform'", "1 records to change."]
    assert Topic.objects.get(key="reform").title_en != "The reform, retitled"
    call_command("import_content", str(path), "--update", verbosity=0)
    assert Topic.objects.get(key="reform").title_en == "The reform, retitled"
