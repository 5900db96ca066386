"""The statistics the public sees, as queries the pages and the open data API both read."""

from django.db.models import Count, IntegerField, Subquery, Value

from .models import StatisticValue


def published_values():
    """Values the public may see: published, of a published statistic."""
    return StatisticValue.objects.published().filter(statistic__is_published=True)


def page_order(statistic):
    return (statistic.group_position(), statistic.order, statistic.key)


def series_size():
    """A subquery: how many statistics have published values at all (in any year)."""
    counted = (
        published_values()
        .order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(statistics=Count("statistic", distinct=True))
        .values("statistics")
    )
    return Subquery(counted, output_field=IntegerField())


def published_years():
    """The years the public sees, newest first: those with a published value for every
    statistic that has published values at all. A year being entered (or one value saved
    early) never becomes the page's default with figures missing."""
    complete = (
        published_values()
        .order_by("-year")
        .values("year")
        .annotate(figures=Count("statistic", distinct=True))
        .filter(figures=series_size())
    )
    return [row["year"] for row in complete]
