"""What is searchable: the models apps register, with the fields that make their documents."""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save


@dataclass(frozen=True)
class Searchable:
    model: type
    title: str
    body: tuple
    dependants: object = None  # item -> the items whose visibility depends on it


_registry = {}


def register(model, *, title, body=(), dependants=None):
    """Index the model's public items: `title` names the title field, `body` the text fields.

    `dependants(item)` gives the items shown inside this one (units under a unit), which are
    indexed again whenever it is saved, as they appear and vanish with it.
    """
    from . import index

    _registry[model] = Searchable(model, title, tuple(body), dependants)
    uid = f"search-{model._meta.label}"
    post_save.connect(index.on_save, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(index.on_delete, sender=model, dispatch_uid=f"{uid}-delete")


def searchables():
    return list(_registry.values())


def searchable(model):
    return _registry.get(model)
