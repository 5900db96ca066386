"""Export and import of all content as one JSON document (backups, moving between servers).

Items are identified by their stable key; foreign keys and many-to-many links to other
content are written as keys too, so a file imports into any database. The import writes
through the same Importer as the content loader (publishing.importing).
"""

import datetime
import json
from collections import Counter

from django.apps import apps
from django.core import serializers
from django.db import transaction

from .importing import Importer, content_fields
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


def _to_json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, ContentModel):
        return value.key
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def export_content():
    data = {"format": FORMAT_VERSION, "models": {}}
    for model in content_models():
        fields = content_fields(model)
        queryset = model.objects.order_by("key")
        queryset = queryset.select_related(*[f.name for f in fields if f.many_to_one])
        queryset = queryset.prefetch_related(*[f.name for f in fields if f.many_to_many])
        records = []
        for item in queryset:
            record = {}
            for field in fields:
                if field.many_to_many:
                    record[field.name] = sorted(t.key for t in getattr(item, field.name).all())
                else:
                    record[field.name] = _to_json(getattr(item, field.name))
            records.append(record)
        data["models"][model._meta.label] = records
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class TransferError(Exception):
    """The file cannot be imported; the message names every invalid record and why."""


def import_content(text, *, update=False, dry_run=False, source="import_content"):
    """Import the exported text in one transaction; returns lines describing the changes.

    New keys are created; existing keys are left alone unless update is true. If any
    record is invalid, or a key appears twice for one model, nothing is changed and
    TransferError lists the problems.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TransferError(f"not a JSON file: {error}") from error
    found = data.get("format") if isinstance(data, dict) else None
    if found != FORMAT_VERSION:
        raise TransferError(f"unknown format {found!r}")
    known = {model._meta.label: model for model in content_models()}
    unknown = set(data["models"]) - set(known)
    if unknown:
        raise TransferError(f"unknown content types: {', '.join(sorted(unknown))}")
    duplicates = [
        f"{name} {key!r}: duplicate key"
        for name in known
        for key, count in Counter(_keys(data["models"].get(name, []))).items()
        if count > 1
    ]
    if duplicates:
        raise TransferError("\n".join(duplicates))
    importer = Importer(update=update, source=source)
    with transaction.atomic():
        for name, model in known.items():
            for record in _parents_first(model, data["models"].get(name, [])):
                importer.write(model, record)
        if importer.problems:
            transaction.set_rollback(True)
            raise TransferError("\n".join(importer.problems))
        if dry_run:
            transaction.set_rollback(True)
    return importer.changes


def _keys(records):
    """The keys of the records; a missing or non-text key is left to validation."""
    return [r.get("key") for r in records if isinstance(r.get("key"), str)]


def _parents_first(model, records):
    """Records of a tree model (a foreign key to itself) reordered so parents come first."""
    names = [f.name for f in content_fields(model) if f.many_to_one and f.related_model is model]
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
