"""The "Editors" and "Publishers" groups, kept in line with the content models after every migrate.

Editors may add, change and view every content model. They delete only where deleting is safe:
models whose items are parts of another item (a statistic's yearly value, a guide rule) add
"delete"; other content is unpublished instead, and a superuser can delete (and
django-reversion recover) it. Every model names the actions in `editor_actions`, feedback too
(view and change). Users and groups stay with superusers.
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q

EDITORS = "Editors"
# Publishers may do what editors do, and publish, schedule and send back drafts (review).
PUBLISHERS = "Publishers"
PUBLISHER_ACTIONS = [("publishing", "publish_content")]


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
    granted = Q(pk__in=[])
    for model in installed_apps.get_models():
        opts = model._meta
        for action in getattr(model, "editor_actions", ()):
            granted |= Q(
                content_type__app_label=opts.app_label, codename=f"{action}_{opts.model_name}"
            )
    group, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    group.permissions.set(Permission.objects.using(using).filter(granted))
    for app_label, codename in PUBLISHER_ACTIONS:
        granted |= Q(content_type__app_label=app_label, codename=codename)
    group, _created = Group.objects.using(using).get_or_create(name=PUBLISHERS)
    group.permissions.set(Permission.objects.using(using).filter(granted))
