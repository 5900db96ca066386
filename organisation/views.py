import functools

from django.http import Http404
from django.shortcuts import render

from publishing.models import last_changed

from .tree import kind_groups, unit_tree


def index(request):
    # Called by the template only when its chart is not kept for this content version.
    tree = functools.cache(lambda: unit_tree(request))
    return render(
        request,
        "organisation/index.html",
        {
            "groups": lambda: kind_groups(tree()[0]),
            "updated": lambda: last_changed(node.unit for node in tree()[1].values()),
        },
    )


def unit(request, slug):
    _roots, by_slug = unit_tree(request)
    node = by_slug.get(slug)
    if node is None:
        raise Http404
    return render(
        request,
        "organisation/unit.html",
        {
            "node": node,
            "unit": node.unit,
            "parent": node.ancestors[-1] if node.ancestors else None,
            "alternate_object": node.unit,
            "draft_preview": not node.unit.is_published,
            # Called by the template only when the unit's fragment is not kept for this version.
            "updated": lambda: last_changed(
                other.unit for other in [node, *node.ancestors, *node.children, *node.siblings]
            ),
        },
    )
