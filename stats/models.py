"""Statistics of one working day at Kela: figures grouped as the source slide groups them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.models import ContentModel, translation_constraints

from . import formatting


class StatisticGroup(models.TextChoices):
    """The groups of figures, in the order of the source slide."""

    KANTA = "kanta", _("We store in Kanta Services")
    REIMBURSE = "reimburse", _("We reimburse")
    RECEIVE = "receive", _("We receive")
    CALLS = "calls", _("We answer and call")
    SERVE = "serve", _("We serve at service points")
    DECIDE = "decide", _("We decide")
    PAY = "pay", _("We pay")
    PARTNERS = "partners", _("With partners")


class MeasureUnit(models.TextChoices):
    COUNT = "count", _("count")
    EUROS = "euros", _("euros")


class Statistic(ContentModel):
    """One figure of the working day, e.g. prescriptions stored in Kanta Services."""

    Group = StatisticGroup
    Unit = MeasureUnit

    group = models.CharField(_("group"), max_length=20, choices=Group)
    unit = models.CharField(_("unit of measure"), max_length=10, choices=Unit, default=Unit.COUNT)
    label = models.CharField(_("label"), max_length=200)
    explanation = models.TextField(_("explanation"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        ordering = ["order", "key"]
        constraints = [
            *translation_constraints("stats_statistic", required=["label"]),
            models.CheckConstraint(
                condition=models.Q(group__in=StatisticGroup.values),
                name="stats_statistic_group_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=MeasureUnit.values), name="stats_statistic_unit_valid"
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        """The statistics page, at this figure."""
        return f"{reverse('stats:index')}#{self.key}"

    def group_position(self):
        """Where this statistic's group comes on the page: the order of the slide."""
        return self.Group.values.index(self.group)


# The first year whose figures the portal can hold: a year before it is a typing error.
FIRST_YEAR = 2000
# The largest value the value's column holds (Django documents BigIntegerField's range).
VALUE_MAX = 2**63 - 1


def last_year():
    """The latest year whose figures may be entered: next year's, prepared as a draft before
    the year begins (the public page shows a year only when it is published)."""
    return timezone.localdate().year + 1


class StatisticValue(ContentModel):
    """The value of a statistic in the figures of one year, with the year it is based on."""

    # A part of its statistic: edited, published and deleted with it (publishing.workflow).
    publishing_parent = "statistic"

    # A part of its statistic: editors may delete a wrong value.
    editor_actions = ("add", "change", "view", "delete")

    statistic = models.ForeignKey(
        Statistic, on_delete=models.CASCADE, related_name="values", verbose_name=_("statistic")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year whose figures this value belongs to.")
    )
    reference_year = models.PositiveSmallIntegerField(
        _("reference year"),
        help_text=_(
            "The year the value is based on: usually the same year. When it is earlier, "
            "explain it in the note."
        ),
    )
    value = models.BigIntegerField(
        _("value"), help_text=_("A whole number in base units: euros as full euros.")
    )
    note = models.CharField(_("source note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["statistic__order", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["statistic", "year"],
                name="stats_statisticvalue_one_per_year",
                violation_error_message=_("This statistic already has a value for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="stats_statisticvalue_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, reference_year__gte=FIRST_YEAR),
                name="stats_statisticvalue_year_from_2000",
                violation_error_message=_("Figures begin with the year 2000."),
            ),
            models.CheckConstraint(
                condition=models.Q(reference_year__lte=models.F("year")),
                name="stats_statisticvalue_reference_year_not_later",
                violation_error_message=_("The reference year cannot be later than the year."),
            ),
        ]

    def __str__(self):
        return f"{self.statistic} {self.year}"

    def clean(self):
        if self.year and self.year > last_year():
            raise ValidationError({"year": too_far_ahead(self.year)})
        differs = self.reference_year and self.year and self.reference_year != self.year
        if differs and not self.note_fi:
            raise ValidationError(
                {"note_fi": _("Explain in the note why the reference year differs from the year.")}
            )

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = f"{self.statistic.key}-{self.year}"
        super().save(*args, **kwargs)

    def display(self):
        """The value as the page language writes it, large ones in millions."""
        return formatting.figure(self.value, self.statistic.unit)

    def display_number(self):
        """The full value as the page language writes numbers."""
        return formatting.number(self.value)


def too_far_ahead(year):
    """The message refusing a year after last_year()."""
    return _(
        "The figures of %(year)s cannot be saved yet. Figures can be prepared at most for "
        "next year (%(next)s)."
    ) % {"year": year, "next": last_year()}
