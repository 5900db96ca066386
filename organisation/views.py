from django.http import Http404
from django.shortcuts import render

from .tree import kind_groups, unit_tree


def index(request):
    roots, _by_slug = unit_tree(request)
    return render(request, "organisation/index.html", {"groups": kind_groups(roots)})


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
            "alternate_object": node.unit,
            "draft_preview": not node.unit.is_published,
        },
    )
