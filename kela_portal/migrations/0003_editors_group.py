"""The "Editors" group: add, change and view every content model; no users, groups or permissions.

Delete permission only where deleting is safe: a statistic's yearly value and a guide rule are
parts of their parent (edited inline in it, kept in its history) and wrong ones must be
removable. Editors unpublish other content instead of deleting it; a superuser can delete,
and django-reversion can recover what was deleted. Editors also handle accessibility feedback.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
CONTENT_MODELS = {
    "organisation": ["unit"],
    "stats": ["statistic", "statisticvalue"],
    "partners": [
        "organiser",
        "topic",
        "servicechannel",
        "communicationchannel",
        "guidequestion",
        "guiderule",
    ],
}
DELETABLE = {("stats", "statisticvalue"), ("partners", "guiderule")}
FEEDBACK = [("kela_portal", "feedback", ["view", "change"])]


def codenames():
    for app_label, models in CONTENT_MODELS.items():
        for model in models:
            actions = ["add", "change", "view"]
            if (app_label, model) in DELETABLE:
                actions.append("delete")
            yield app_label, model, actions
    yield from FEEDBACK


def create_editors(apps, schema_editor):
    # Permissions are normally created after migrate; create them now for a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = []
    for app_label, model, actions in codenames():
        permissions += Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("kela_portal", "0002_search_documents"),
        ("organisation", "0001_initial"),
        ("stats", "0001_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
