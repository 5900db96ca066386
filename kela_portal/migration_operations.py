"""Migration operations that apps share."""

from django.db import migrations
from django.db.models import F


class CreateOrAdoptModel(migrations.CreateModel):
    """CreateModel for a model that moved here from another app.

    A database that already has the old app's table (`old_table`) keeps it and its rows: the
    table is renamed and the content type moved to this app, so permissions and admin history
    follow. A new database gets the table created as usual.
    """

    def __init__(self, *args, old_table, old_app_label, **kwargs):
        self.old_table = old_table
        self.old_app_label = old_app_label
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return (
            name,
            args,
            {**kwargs, "old_table": self.old_table, "old_app_label": self.old_app_label},
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        if self.old_table not in tables:
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        schema_editor.alter_db_table(model, self.old_table, model._meta.db_table)
        ContentType = to_state.apps.get_model("contenttypes", "ContentType")
        ContentType.objects.using(connection.alias).filter(
            app_label=self.old_app_label, model=self.name_lower
        ).exclude(model__in=ContentType.objects.filter(app_label=app_label).values("model")).update(
            app_label=app_label
        )

    def describe(self):
        return f"Create model {self.name}, or adopt the table {self.old_table}"


def keys_fixed_on_existing_items(*models):
    """An operation to follow the adding of ContentModel.first_published_at: the items that
    exist already keep their keys fixed, as they have been since they were made (the content
    files and exports may name them). `models` are labels: "partners.Topic"."""

    def fix(apps, schema_editor):
        for label in models:
            model = apps.get_model(label)
            model.objects.using(schema_editor.connection.alias).update(
                first_published_at=F("updated_at")
            )

    return migrations.RunPython(fix, migrations.RunPython.noop, elidable=True)
