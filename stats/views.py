import csv
import re
from collections import Counter
from itertools import groupby

from django.core.exceptions import BadRequest
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from kela_portal.cache import cache_query
from kela_portal.fragments import remembered
from publishing.models import last_changed

from .derived import derived_figures
from .formatting import number
from .models import Statistic
from .queries import page_order, published_values, published_years, series_size

# The SVG charts' geometry, in viewBox units (each chart scales to the width of the page).
CHART_WIDTH = 480
CHART_BAR_SPACE = 300
CHART_ROW = 56
CHART_NOTE_ROW = 22  # the extra line of a figure based on another year's data
CHART_AXIS = 30
# A group's scale ends at the first of these (times a power of ten) that holds its largest value.
NICE_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)

OPEN_DATA_FIELDS = [
    "key",
    "group",
    "group_label",
    "label",
    "unit",
    "value",
    "year",
    "reference_year",
    "note",
]


def statistics_of(year, values=None):
    """Every published statistic, in page order, with `.value` for the year (or None).

    values are the values to show: the published ones unless given (a preview of a draft).
    """
    values = published_values() if values is None else values
    statistics = Statistic.objects.published().prefetch_related(
        Prefetch("values", queryset=values.filter(year=year), to_attr="year_values")
    )
    statistics = sorted(statistics, key=page_order)
    for statistic in statistics:
        statistic.value = statistic.year_values[0] if statistic.year_values else None
    return statistics


def scale_end(largest):
    """The round number a group's scale runs to: 1,300,000 -> 1,500,000; 7,700 -> 8,000."""
    power = 10 ** max(len(str(largest)) - 1, 0)
    return next(int(step * power) for step in NICE_STEPS if step * power >= largest)


def chart_group(values, year):
    """One small bar chart of a group's counts, on the group's own scale from 0."""
    end = scale_end(max(v.value for v in values) or 1)
    rows = []
    top = 0
    for value in values:
        width = max(round(value.value * CHART_BAR_SPACE / end, 1), 1)
        other_year = value.reference_year != year
        rows.append(
            {
                "value": value,
                "other_year": other_year,
                "label_y": top + 18,
                "bar_y": top + 26,
                "bar_width": width,
                "value_x": width + 8,
                "value_y": top + 41,
                "note_y": top + 66,
            }
        )
        top += CHART_ROW + (CHART_NOTE_ROW if other_year else 0)
    return {
        "rows": rows,
        "scale_end": end,
        "scale_label": number(end),
        "axis_y": top + 4,
        "tick_y": top + 24,
        "height": top + CHART_AXIS,
    }


def charts(groups, year):
    """A chart per group of counts, each on its own scale: figures compare within their group."""
    result = []
    for label, statistics in groups:
        counts = [
            s.value for s in statistics if s.value is not None and s.unit == Statistic.Unit.COUNT
        ]
        if counts:
            result.append({"label": label, **chart_group(counts, year)})
    return {"groups": result, "width": CHART_WIDTH, "bar_space": CHART_BAR_SPACE}


def chosen_year(request, years):
    """The year asked for (?year=), or the latest year having values; 404 for a year without
    figures, 400 for something that is not a year."""
    asked = request.GET.get("year")
    if asked is None:
        return years[0] if years else None
    # ASCII digits only: str.isdigit() also accepts "²" or "٣", which int() refuses or reads.
    if not re.fullmatch(r"[0-9]{1,4}", asked):
        raise BadRequest("The year is not a year.")
    if int(asked) not in years:
        raise Http404("No figures for this year.")
    return int(asked)


@cache_query("year")
def index(request):
    years = remembered(request, ("statistics-years",), published_years)
    year = chosen_year(request, years)
    # The figures are computed only when the template's fragment is not kept for this version.
    return render(
        request,
        "stats/index.html",
        {"year": year, "years": years, "figures": SimpleLazyObject(lambda: figures_of(year))},
    )


def figures_of(year, values=None):
    """The page's figures of a year: groups, general note, derived figures, chart, date."""
    statistics = statistics_of(year, values) if year else []
    values = [s.value for s in statistics if s.value is not None]
    notes = Counter(v.note for v in values if v.note).most_common(1)
    general_note = next(
        (v for v in values if notes and notes[0][1] > 1 and v.note == notes[0][0]), None
    )
    groups = [
        (statistics_in_group[0].get_group_display(), statistics_in_group)
        for statistics_in_group in (
            list(items) for _key, items in groupby(statistics, key=lambda s: s.group)
        )
    ]
    return {
        "groups": groups,
        "general_note": general_note,
        "derived": derived_figures({v.statistic.key: v for v in values}),
        "chart": charts(groups, year),
        "updated": last_changed([*statistics, *values]),
    }


def open_data(year):
    """The published figures of a year as plain rows in the active language; 404 for a year
    the page does not show."""
    values = sorted(
        published_values()
        .filter(year=year)
        .select_related("statistic")
        .annotate(series=series_size()),
        key=lambda v: page_order(v.statistic),
    )
    if not values or len(values) != values[0].series:
        raise Http404("No figures for this year.")
    return [
        {
            "key": v.statistic.key,
            "group": v.statistic.group,
            "group_label": v.statistic.get_group_display(),
            "label": v.statistic.label,
            "unit": v.statistic.unit,
            "value": v.value,
            "year": v.year,
            "reference_year": v.reference_year,
            "note": v.note,
        }
        for v in values
    ]


def download_name(year, extension):
    return f'attachment; filename="kela-working-day-{year}-{get_language()}.{extension}"'


def figures_csv(request, year):
    rows = open_data(year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = download_name(year, "csv")
    writer = csv.DictWriter(response, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    writer.writerows({name: spreadsheet_safe(value) for name, value in row.items()} for row in rows)
    return response


# A cell beginning with one of these is a formula to a spreadsheet (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet shows as text: a leading quote before a formula character."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def figures_json(request, year):
    rows = open_data(year)
    response = JsonResponse(
        {"year": year, "language": get_language(), "figures": rows},
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = download_name(year, "json")
    return response
