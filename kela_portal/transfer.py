"""Export and import of all content as one JSON document (backups, moving between servers).

Items are identified by their stable key; foreign keys and many-to-many links to other
content are written as keys too, so a file imports into any database.
"""

import datetime
import json

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction

from .models import ContentModel

FORMAT_VERSION = 1


def content_models():
    """Every concrete content model, in an order where targets of foreign keys come first."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if issubclass(model, ContentModel) and not model._meta.abstract
    ]


def label(model):
    return model._meta.label


def _fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and not field.primary_key and not field.auto_created
    ]


def _to_json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, ContentModel):
        return value.key
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def export_content():
    data = {"format": FORMAT_VERSION, "models": {}}
    for model in content_models():
        fields = _fields(model)
        m2m = [field for field in fields if field.many_to_many]
        queryset = model.objects.order_by("key")
        queryset = queryset.select_related(*[f.name for f in fields if f.many_to_one])
        queryset = queryset.prefetch_related(*[f.name for f in m2m])
        records = []
        for item in queryset:
            record = {}
            for field in fields:
                if field.many_to_many:
                    record[field.name] = sorted(t.key for t in getattr(item, field.name).all())
                else:
                    record[field.name] = _to_json(getattr(item, field.name))
            records.append(record)
        data["models"][label(model)] = records
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class TransferError(Exception):
    """The file cannot be imported; the message names every invalid record and why."""


def _parse(field, value):
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    return field.to_python(value)


def import_content(text, *, update=False, dry_run=False):
    """Import the exported text in one transaction; returns lines describing the changes.

    New keys are created; existing keys are left alone unless update is true. If any
    record is invalid nothing is changed and TransferError lists the problems.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TransferError(f"not a JSON file: {error}") from error
    if data.get("format") != FORMAT_VERSION:
        raise TransferError(f"unknown format {data.get('format')!r}")
    known = {label(model): model for model in content_models()}
    unknown = set(data["models"]) - set(known)
    if unknown:
        raise TransferError(f"unknown content types: {', '.join(sorted(unknown))}")
    changes, problems = [], []
    with transaction.atomic():
        for name, model in known.items():
            for record in _parents_first(model, data["models"].get(name, [])):
                _import_record(model, record, update, changes, problems)
        if problems:
            transaction.set_rollback(True)
            raise TransferError("\n".join(problems))
        if dry_run:
            transaction.set_rollback(True)
    return changes


def _parents_first(model, records):
    """Records of a tree model (a foreign key to itself) reordered so parents come first."""
    names = [f.name for f in _fields(model) if f.many_to_one and f.related_model is model]
    if not names:
        return records
    keys = {record.get("key") for record in records}
    done, ordered, pending = set(), [], list(records)
    while pending:
        ready = [r for r in pending if all(r.get(n) in done or r.get(n) not in keys for n in names)]
        if not ready:  # a cycle: validation reports it
            return ordered + pending
        ordered += ready
        done |= {record.get("key") for record in ready}
        pending = [r for r in pending if r.get("key") not in done]
    return ordered


def _snapshot(item, fields):
    return [
        getattr(item, f.attname) for f in fields if not f.many_to_many and f.name != "updated_at"
    ]


def _import_record(model, record, update, changes, problems):
    key = record.get("key")
    where = f"{label(model)} {key!r}"
    item = model.objects.filter(key=key).first()
    if item is not None and not update:
        return
    action = "create" if item is None else "update"
    item = item or model()
    fields = {field.name: field for field in _fields(model)}
    before = _snapshot(item, fields.values())
    m2m, updated_at = {}, None
    try:
        for name, value in record.items():
            field = fields.get(name)
            if field is None:
                raise ValidationError(f"unknown field {name!r}")
            if field.many_to_many:
                targets = list(field.related_model.objects.filter(key__in=value))
                if len(targets) != len(value):
                    raise ValidationError(f"{name}: unknown keys in {value}")
                m2m[name] = targets
            elif field.many_to_one:
                target = None
                if value is not None:
                    target = field.related_model.objects.filter(key=value).first()
                    if target is None:
                        raise ValidationError(
                            f"{name}: no {field.related_model.__name__} {value!r}"
                        )
                setattr(item, name, target)
            elif name == "updated_at":
                updated_at = _parse(field, value)
            else:
                setattr(item, name, _parse(field, value))
        item.full_clean()
    except ValidationError as error:
        problems.append(f"{where}: {'; '.join(error.messages)}")
        return
    unchanged = action == "update" and _snapshot(item, fields.values()) == before
    if unchanged and all(
        set(getattr(item, name).all()) == set(targets) for name, targets in m2m.items()
    ):
        return
    item.save()
    for name, targets in m2m.items():
        getattr(item, name).set(targets)
    if updated_at is not None:
        model.objects.filter(pk=item.pk).update(updated_at=updated_at)
    changes.append(f"{action} {where}")
