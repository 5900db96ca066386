"""Figures derived from the seed's figures: sums and shares that need no assumption.

A derived figure is computed only when every input has a value for the year, with the same
reference year and unit; its formula is shown beside it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .formatting import figure, number, percent

SUM = "sum"
SHARE = "share"


@dataclass(frozen=True)
class Derived:
    label: Promise
    kind: str  # SUM of the inputs, or SHARE of the first input in the sum of all
    keys: tuple


DERIVED = [
    Derived(
        _("Applications received in total"), SUM, ("applications-online", "applications-paper")
    ),
    Derived(
        _("Share of applications received online"),
        SHARE,
        ("applications-online", "applications-paper"),
    ),
    Derived(_("Calls answered and made in total"), SUM, ("calls-answered", "calls-made")),
    Derived(
        _("Calls with partners answered and made in total"),
        SUM,
        ("partner-calls-answered", "partner-calls-made"),
    ),
]


def derived_figures(values_by_key):
    """The derived figures whose inputs all exist in {statistic key: StatisticValue}."""
    figures = []
    for derived in DERIVED:
        inputs = [values_by_key.get(key) for key in derived.keys]
        if None in inputs:
            continue
        if len({(v.reference_year, v.statistic.unit) for v in inputs}) > 1:
            continue
        numbers = [v.value for v in inputs]
        total = sum(numbers)
        terms = " + ".join(number(n) for n in numbers)
        if derived.kind == SHARE:
            if total == 0:
                continue
            result = percent(numbers[0], total)
            formula = f"{number(numbers[0])} / ({terms}) = {result}"
        else:
            result = figure(total, inputs[0].statistic.unit)
            formula = f"{terms} = {result}"
        figures.append(
            {
                "label": derived.label,
                "value": result,
                "formula": formula,
                "inputs": [v.statistic.label for v in inputs],
                "reference_year": inputs[0].reference_year,
            }
        )
    return figures
