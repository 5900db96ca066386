"""The one way content is written from files: validate each record, then write it by its key.

The content loader (`load_content`, from the data files of each app) and the import of an
export (`import_content`) both hand records to an Importer. A record maps field names to
values; translated fields carry their language suffix (name_fi) and foreign keys and
many-to-many links name their targets by key. An item that exists already (found by its key)
is left as it is, so an editor's change survives, unless the importer runs with update=True.
Each record is validated field by field, then saved in a savepoint: the database checks the
model's constraints (Finnish text required, unique slugs, …), and a violation is reported in the
constraint's own words. A record's `updated_at` (the content files give the day its text was
written or last checked) becomes the item's "Last updated" date when the record is written.
Invalid records are collected as problems; the caller rolls the
transaction back when any is found, so a file is written whole or not at all.
"""

import datetime
from collections import Counter

import reversion
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import RevisionNote


def content_fields(model):
    """The fields a record of the model can carry: everything concrete except the id and the
    notes of what the translations were made from (a load makes them anew)."""
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and not field.primary_key
        and not field.auto_created
        and field.name != "translated_from"
    ]


def parse(field, value):
    """A value of a record (JSON types) as the field stores it."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = datetime.datetime.fromisoformat(value)
        # A content file dates its text by the day ("2026-11-26"): that day in the portal's zone.
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if isinstance(field, models.DateField) and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return field.to_python(value)


def violated(model, error):
    """What an IntegrityError means, in the words of the model's constraint that it names."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint.get_violation_error_message()
    return str(error).strip()


class Importer:
    def __init__(self, *, update=False, source=""):
        self.update, self.source = update, source
        self.counts = Counter()  # (model label, "created" | "updated" | "kept" | "unchanged")
        self.changes = []  # "create organisation.Unit 'key'" for each item written
        self.problems = []  # "organisation.Unit 'key': what is wrong" for each invalid record
        self._found = {}

    def find(self, model, key):
        """The item of the model with this key, or None."""
        if (model, key) not in self._found:
            self._found[(model, key)] = model.objects.filter(key=key).first()
        return self._found[(model, key)]

    def write(self, model, record):
        """Create the record's item, or (when updating) bring it in line with the record.

        Returns the item, or None when the record is invalid (the problem is recorded).
        """
        key = record.get("key")
        label = model._meta.label
        item = self.find(model, key)
        if item is not None and not self.update:
            self.counts[(label, "kept")] += 1
            return item
        action = "create" if item is None else "update"
        item = item or model()
        fields = {field.name: field for field in content_fields(model)}
        before = self._snapshot(item, fields.values())
        links, updated_at = {}, None
        try:
            for name, value in record.items():
                field = fields.get(name)
                if field is None:
                    raise ValidationError(f"unknown field {name!r}")
                if field.many_to_many:
                    targets = [self.find(field.related_model, target) for target in value]
                    if None in targets:
                        raise ValidationError(f"{name}: unknown keys in {value}")
                    links[name] = targets
                elif field.many_to_one:
                    target = None if value is None else self.find(field.related_model, value)
                    if value is not None and target is None:
                        raise ValidationError(
                            f"{name}: no {field.related_model.__name__} {value!r}"
                        )
                    setattr(item, name, target)
                elif name == "updated_at":
                    updated_at = parse(field, value)
                else:
                    setattr(item, field.attname, parse(field, value))
            # The database checks the model's constraints when the item is saved (below).
            item.full_clean(validate_constraints=False)
        except (ValidationError, ValueError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self.problems.append(f"{label} {key!r}: {'; '.join(messages)}")
            return None
        same_links = all(set(getattr(item, name).all()) == set(t) for name, t in links.items())
        if action == "update" and same_links and self._snapshot(item, fields.values()) == before:
            self.counts[(label, "unchanged")] += 1
            return item
        # The loaded translations are current, and a published item's key is fixed from now.
        item.note_translation_sources(all_current=True)
        if item.is_published and item.first_published_at is None:
            item.first_published_at = timezone.now()
        try:
            with transaction.atomic(), reversion.create_revision():
                # A version in the item's own history: restoring it touches no other item.
                reversion.set_comment(self.source)
                reversion.add_meta(RevisionNote, action=RevisionNote.Action.LOADED)
                item.save()
                for name, targets in links.items():
                    getattr(item, name).set(targets)
                if updated_at is not None:
                    model.objects.filter(pk=item.pk).update(updated_at=updated_at)
        except IntegrityError as error:
            self.problems.append(f"{label} {key!r}: {violated(model, error)}")
            return None
        self._found[(model, key)] = item
        self.counts[(label, f"{action}d")] += 1
        self.changes.append(f"{action} {label} {key!r}")
        return item

    @staticmethod
    def _snapshot(item, fields):
        return [
            getattr(item, field.attname)
            for field in fields
            if not field.many_to_many and field.name != "updated_at"
        ]

    def summary(self):
        return [f"{label}: {count} {what}" for (label, what), count in sorted(self.counts.items())]
