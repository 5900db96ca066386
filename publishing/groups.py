"""The "Editors" group, kept in line with the content models after every migrate.

Editors may add, change and view every content model. They delete only where deleting is safe:
models whose items are parts of another item (a statistic's yearly value, a guide rule) set
`editors_may_delete`; other content is unpublished instead, and a superuser can delete (and
django-reversion recover) it. A model that is not content but that editors handle (feedback)
names the actions editors may take in `editor_actions`. Users and groups stay with superusers.
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

from .models import ContentModel

EDITORS = "Editors"


def editor_actions(model):
    if issubclass(model, ContentModel):
        return ["add", "change", "view", *(["delete"] if model.editors_may_delete else [])]
    return list(getattr(model, "editor_actions", ()))


def grant_editor_permissions(using="default", apps=installed_apps, **kwargs):
    """post_migrate receiver: create the group and give it exactly the editors' permissions.

    `apps` are the models as migrated (historical models); which permissions editors get is
    read from the installed models' classes.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # The permissions of apps that migrate after this one may not exist yet.
    for config in installed_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using, apps=apps)
    permissions = []
    for model in installed_apps.get_models():
        actions = editor_actions(model)
        if actions:
            opts = model._meta
            permissions += Permission.objects.using(using).filter(
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
                codename__in=[f"{action}_{opts.model_name}" for action in actions],
            )
    group, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    group.permissions.set(permissions)
