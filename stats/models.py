"""Statistics of one working day at Kela: figures grouped as the source slide groups them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kela_portal.models import ContentModel, filled

from . import formatting


class Statistic(ContentModel):
    """One figure of the working day, e.g. prescriptions stored in Kanta Services."""

    class Group(models.TextChoices):
        KANTA = "kanta", _("We store in Kanta Services")
        REIMBURSE = "reimburse", _("We reimburse")
        RECEIVE = "receive", _("We receive")
        CALLS = "calls", _("We answer and call")
        SERVE = "serve", _("We serve at service points")
        DECIDE = "decide", _("We decide")
        PAY = "pay", _("We pay")
        PARTNERS = "partners", _("With partners")

    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        EUROS = "euros", _("euros")

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
            models.CheckConstraint(
                condition=filled("label_fi"),
                name="statistic_label_fi",
                violation_error_message=_("Give the label in Finnish."),
            ),
        ]

    search_title_field = "label"
    search_body_fields = ("explanation",)

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        """The statistics page, at this figure."""
        return f"{reverse('stats:index')}#{self.key}"

    def group_position(self):
        """Where this statistic's group comes on the page: the order of the slide."""
        return self.Group.values.index(self.group)


class StatisticValue(ContentModel):
    """The value of a statistic in the figures of one year, with the year it is based on."""

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
                name="statisticvalue_one_per_year",
                violation_error_message=_("This statistic already has a value for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="statisticvalue_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(reference_year__lte=models.F("year")),
                name="statisticvalue_reference_year_not_later",
                violation_error_message=_("The reference year cannot be later than the year."),
            ),
        ]

    def __str__(self):
        return f"{self.statistic} {self.year}"

    def clean(self):
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
