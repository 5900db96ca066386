"""Kela's organisation units: a tree under the Director General, trilingual."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from publishing.fields import RichTextField
from publishing.models import ContentModel, translation_constraints


class Kind(models.TextChoices):
    BUSINESS = "business", _("business unit")
    OPERATIONAL = "operational", _("operational unit")
    REGIONAL = "regional", _("regional customer service unit")
    NATIONWIDE = "nationwide", _("nationwide customer service unit")
    OTHER = "other", _("other unit")
    INDEPENDENT = "independent", _("independent function")


# "5 regional customer service units": the plural form follows the page language.
COUNT_LABELS = {
    Kind.BUSINESS: ngettext_lazy("%(count)d business unit", "%(count)d business units", "count"),
    Kind.OPERATIONAL: ngettext_lazy(
        "%(count)d operational unit", "%(count)d operational units", "count"
    ),
    Kind.REGIONAL: ngettext_lazy(
        "%(count)d regional customer service unit",
        "%(count)d regional customer service units",
        "count",
    ),
    Kind.NATIONWIDE: ngettext_lazy(
        "%(count)d nationwide customer service unit",
        "%(count)d nationwide customer service units",
        "count",
    ),
    Kind.OTHER: ngettext_lazy("%(count)d other unit", "%(count)d other units", "count"),
    Kind.INDEPENDENT: ngettext_lazy(
        "%(count)d independent function", "%(count)d independent functions", "count"
    ),
}


def count_label(kind, count):
    return COUNT_LABELS[kind] % {"count": count}


class Unit(ContentModel):
    """One unit of Kela; units without a parent report to the Director General."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Leave empty for a unit that reports to the Director General."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position among the units of the same parent.")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name (slug)"), max_length=100)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One sentence."))
    responsibilities = RichTextField(_("responsibilities"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["order", "pk"]
        constraints = [
            *translation_constraints("organisation_unit", required=["name"], slugs=["slug"]),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="organisation_unit_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="organisation_unit_parent_not_itself",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation:unit", kwargs={"slug": self.slug})

    def is_public(self):
        """Published, and every unit above it too; else its page is not shown (404)."""
        unit = self
        while unit is not None:
            if not unit.is_published:
                return False
            unit = unit.parent
        return True

    def descendants(self):
        """The units below this one: whether the public sees them depends on this unit."""
        for child in self.children.all():
            yield child
            yield from child.descendants()

    def clean(self):
        super().clean()
        self.check_not_own_ancestor()

    def save(self, *args, **kwargs):
        self.check_not_own_ancestor()
        super().save(*args, **kwargs)

    def check_not_own_ancestor(self):
        """Refuse a parent that lies in this unit's own branch (a cycle in the tree)."""
        if self.pk is None:
            return
        seen = set()
        ancestor_id = self.parent_id
        while ancestor_id is not None and ancestor_id not in seen:
            if ancestor_id == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "A unit cannot be its own ancestor: choose a parent unit that is "
                            "not this unit or one of the units under it."
                        )
                    },
                    code="cycle",
                )
            seen.add(ancestor_id)
            ancestor_id = (
                Unit.objects.filter(pk=ancestor_id).values_list("parent_id", flat=True).first()
            )
