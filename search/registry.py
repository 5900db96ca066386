"""What is searchable: the models apps register, with the fields that make their documents, and
the pages that are not models (the home, the sections, the tools), registered by URL name."""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

# The kinds of registered pages: the type shown, and how much their relevance counts against
# that of a single item.
SECTION, TOOL, PAGE = "section", "tool", "page"
PAGE_KINDS = {SECTION: (_("section"), 1.2), TOOL: (_("tool"), 2.0), PAGE: (_("page"), 1.5)}


@dataclass(frozen=True)
class Searchable:
    model: type
    title: str
    body: tuple
    dependants: object = None  # item -> the items whose visibility depends on it
    boost: float = 1.0
    kind: object = None  # the document type shown; the model's verbose name by default


@dataclass(frozen=True)
class SearchablePage:
    name: str  # the URL name, e.g. "partners:guide"
    kind: object
    title: object = None  # text (lazy) or None: the page's <h1>
    body: object = None  # text (lazy) or None: the text of the page's <main>
    boost: float = 1.0
    keywords: object = ""  # text (lazy) found like the title, not shown


_registry = {}
_pages = {}
_page_sources = {}  # model -> names of the pages that show its items


def register(model, *, title, body=(), dependants=None, boost=1.0, kind=None):
    """Index the model's public items: `title` names the title field, `body` the text fields.

    `dependants(item)` gives the items shown inside this one (units under a unit), which are
    indexed again whenever it is saved, as they appear and vanish with it. `boost` weighs the
    model's documents against others (below 1 for list entries such as single counties).
    """
    from . import index

    _registry[model] = Searchable(model, title, tuple(body), dependants, boost, kind)
    uid = f"search-{model._meta.label}"
    post_save.connect(index.on_save, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(index.on_delete, sender=model, dispatch_uid=f"{uid}-delete")


def register_page(name, *, kind, title=None, body=None, keywords="", depends_on=()):
    """Index the page at the URL name `name` (no arguments) in every language, as `kind`
    (search.SECTION, TOOL or PAGE).

    Its title and text are the `title` and `body` given (translated, lazy) or, without them,
    the page's own <h1> and the text of its <main> as rendered for an anonymous visitor.
    `keywords` (translated) are found like the title but not shown, such as the name the
    main menu gives the page ("Statistics" for "One working day at Kela"). The page is
    indexed again after a change to any of the models in `depends_on` (the statistics page
    lists the figures' names).
    """
    from . import index

    label, boost = PAGE_KINDS[kind]
    _pages[name] = SearchablePage(name, label, title, body, boost, keywords)
    for model in depends_on:
        _page_sources.setdefault(model, set()).add(name)
        uid = f"search-pages-{model._meta.label}"
        post_save.connect(index.on_page_source_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(index.on_page_source_change, sender=model, dispatch_uid=f"{uid}-delete")


def searchables():
    return list(_registry.values())


def searchable(model):
    return _registry.get(model)


def pages(names=None):
    return [page for name, page in _pages.items() if names is None or name in names]


def pages_showing(model):
    """Names of the pages that list the model's items."""
    return _page_sources.get(model, set())
