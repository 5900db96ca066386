from django.contrib import admin
from django.db.models import Case, CharField, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from publishing.admin import ContentAdmin, translated_lookups

from .models import Unit


def tree_positions():
    """{unit id: (position in tree order, depth)} from one query over all units."""
    children = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    positions = {}

    def walk(parent_id, depth):
        for pk in children.get(parent_id, []):
            positions[pk] = (len(positions), depth)
            walk(pk, depth + 1)

    walk(None, 0)
    return positions


def by_unit(positions, index):
    whens = [When(pk=pk, then=Value(values[index])) for pk, values in positions.items()]
    return Case(*whens, default=Value(len(positions)), output_field=IntegerField())


def hiding_units():
    """{unit id: name of the nearest unpublished unit above it}, for each unit that an
    unpublished unit above hides from the public (its page is 404), from one query."""
    rows = {
        pk: (parent_id, published, name)
        for pk, parent_id, published, name in Unit.objects.values_list(
            "pk", "parent_id", "is_published", "name"
        )
    }
    hidden = {}
    for pk, (parent_id, _published, _name) in rows.items():
        seen = set()
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            grandparent_id, published, name = rows[parent_id]
            if not published:
                hidden[pk] = name
                break
            parent_id = grandparent_id
    return hidden


@admin.register(Unit)
class UnitAdmin(ContentAdmin):
    list_display = ["tree_name", "kind", "order", "is_published", "publication", "updated_at"]
    readonly_fields = ["publication"]
    list_editable = ["order"]
    list_filter = ["kind", "is_published", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["key", *translated_lookups("name", "summary")]
    fields = [
        "key",
        "kind",
        "parent",
        "order",
        "name",
        "slug",
        "summary",
        "responsibilities",
        "is_published",
        "publication",
    ]

    def get_queryset(self, request):
        hidden = hiding_units()
        hidden_by = Case(
            *[When(pk=pk, then=Value(name)) for pk, name in hidden.items()],
            default=Value(""),
            output_field=CharField(),
        )
        return (
            super()
            .get_queryset(request)
            .annotate(depth=by_unit(tree_positions(), 1), hidden_by=hidden_by)
        )

    def get_ordering(self, request):
        """Tree order: each unit after its parent, siblings in their order."""
        return [by_unit(tree_positions(), 0).asc()]

    @admin.display(description=_("unit"))
    def tree_name(self, unit):
        return f"{'— ' * unit.depth}{unit.name}"

    @admin.display(description=_("shown to the public"))
    def publication(self, unit):
        """Whether visitors see the unit: a unit under an unpublished unit is hidden too."""
        hidden_by = getattr(unit, "hidden_by", None)
        if hidden_by is None and unit.pk:
            hidden_by = hiding_units().get(unit.pk, "")
        if hidden_by:
            return _("Hidden: the unit above, %(parent)s, is unpublished.") % {"parent": hidden_by}
        return _("Yes") if unit.is_published else _("No: unpublished")
