"""Numbers as each language writes them, through Django's localisation."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MILLION = 1_000_000


def number(value, decimal_pos=None):
    """A number grouped and punctuated as the active language writes it (100 000 / 100,000)."""
    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def millions(value):
    """A value of a million or more in millions, with one decimal unless it is whole."""
    amount = Decimal(value) / MILLION
    whole = amount == amount.to_integral_value()
    return number(amount, decimal_pos=0 if whole else 1)


def figure(value, unit):
    """A figure for reading: counts and euros, large values in millions (1,3 milj.)."""
    if unit == "euros":
        if value >= MILLION:
            return _("€%(number)s million") % {"number": millions(value)}
        return _("€%(number)s") % {"number": number(value)}
    if value >= MILLION:
        return _("%(number)s million") % {"number": millions(value)}
    return number(value)


def percent(part, whole):
    """part of whole as a whole percentage, rounded half up (75 %)."""
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _("%(number)s%%") % {"number": number(share)}
