# The Feedback model moved here from the core (kela_portal); an existing table is adopted.

from django.db import migrations, models

from kela_portal.migration_operations import CreateOrAdoptModel


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        CreateOrAdoptModel(
            name="Feedback",
            old_table="kela_portal_feedback",
            old_app_label="kela_portal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                ("message", models.TextField(max_length=5000, verbose_name="message")),
                ("page_url", models.CharField(blank=True, max_length=500, verbose_name="page address")),
                ("language", models.CharField(max_length=5, verbose_name="language")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="received")),
                ("status", models.CharField(choices=[("new", "new"), ("answered", "answered")], default="new", max_length=10, verbose_name="status")),
                ("answered_at", models.DateField(blank=True, null=True, verbose_name="date answered")),
            ],
            options={
                "verbose_name": "feedback",
                "verbose_name_plural": "feedback",
                "ordering": ["-created_at"],
                "constraints": [models.CheckConstraint(condition=models.Q(("message", ""), _negated=True), name="feedback_message_not_empty")],
            },
        ),
    ]
