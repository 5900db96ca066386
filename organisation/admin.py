from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
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


@admin.register(Unit)
class UnitAdmin(ContentAdmin):
    list_display = ["tree_name", "kind", "order", "is_published", "updated_at"]
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
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(depth=by_unit(tree_positions(), 1))

    def get_ordering(self, request):
        """Tree order: each unit after its parent, siblings in their order."""
        return [by_unit(tree_positions(), 0).asc()]

    @admin.display(description=_("unit"))
    def tree_name(self, unit):
        return f"{'— ' * unit.depth}{unit.name}"
