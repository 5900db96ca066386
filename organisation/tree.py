"""The organisation as a tree, built in Python from one query once per content version."""

from dataclasses import dataclass, field

from kela_portal.fragments import instance_size, remembered
from publishing.visibility import visible_to

from .models import Kind, Unit, count_label


@dataclass
class Node:
    """A unit in the tree: its ancestors (from the top), child units and sibling units."""

    unit: Unit
    ancestors: list
    children: list = field(default_factory=list)
    siblings: list = field(default_factory=list)

    def groups(self):
        """The child units grouped by kind, each group with its visible count."""
        return kind_groups(self.children)


def kind_groups(nodes):
    groups = []
    for kind in Kind:
        members = [node for node in nodes if node.unit.kind == kind]
        if members:
            groups.append({"label": count_label(kind, len(members)), "nodes": members})
    return groups


def unit_tree(request):
    """All units the visitor may see as a tree: (top-level nodes, node by slug), built from one
    query once per content version (kela_portal.fragments).

    A unit whose parent is hidden (a draft) is left out with its branch.
    """
    return remembered(request, ("unit-tree",), lambda: build_tree(request), size=tree_size)


def tree_size(tree):
    return sum(instance_size(node.unit) + NODE_BYTES for node in tree[1].values())


NODE_BYTES = 400  # a Node, its lists and its entry in the index by slug


def build_tree(request):
    units = list(visible_to(request, Unit.objects.all()))
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    by_slug = {}

    def build(parent_id, ancestors):
        nodes = [Node(unit, ancestors) for unit in children.get(parent_id, [])]
        for node in nodes:
            by_slug.setdefault(node.unit.slug, node)
            node.siblings = [other for other in nodes if other is not node]
            node.children = build(node.unit.pk, [*ancestors, node])
        return nodes

    return build(None, []), by_slug
