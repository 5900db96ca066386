# The SearchDocument model moved here from the core (kela_portal); an existing table is adopted.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from kela_portal.migration_operations import CreateOrAdoptModel


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """The GIN index exists on PostgreSQL only (SQLite has no GIN), once (an adopted table
    has it already)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        with connection.cursor() as cursor:
            existing = connection.introspection.get_constraints(cursor, model._meta.db_table)
        if self.index.name not in existing:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        CreateOrAdoptModel(
            name="SearchDocument",
            old_table="kela_portal_searchdocument",
            old_app_label="kela_portal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.PositiveBigIntegerField()),
                ("language", models.CharField(max_length=5)),
                ("kind", models.CharField(max_length=100)),
                ("title", models.TextField()),
                ("body", models.TextField()),
                ("url", models.CharField(max_length=500)),
                ("is_fallback", models.BooleanField(default=False)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("content_type", "object_id", "language"), name="one_document_per_language")],
            },
        ),
        AddIndexOnPostgreSQL(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="search_vector_gin", fastupdate=False),
        ),
    ]
