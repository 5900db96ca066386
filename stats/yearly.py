"""The figures of a whole year at once: entered in one form or uploaded as the public CSV,
saved as a draft, previewed as the statistics page, and published in one action.

A year's values are drafts (unpublished) until the year is published; the public page shows
only years whose figures are all published (stats.views.published_years).
"""

import csv
import io

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing.models import language_codes

from .models import FIRST_YEAR, Statistic, StatisticValue
from .views import OPEN_DATA_FIELDS, figures_of, page_order

NOTE_LENGTH = StatisticValue._meta.get_field("note").max_length


def statistics():
    return sorted(Statistic.objects.published(), key=page_order)


def previous_values(year):
    """{statistic id: its value of the latest year before `year`} (reference years, notes)."""
    values = StatisticValue.objects.filter(year__lt=year).order_by("statistic_id", "-year")
    return {value.statistic_id: value for value in values.distinct("statistic_id")}


class YearForm(forms.Form):
    """The year, and for each statistic its value, reference year and note in each language."""

    year = forms.IntegerField(label=gettext_lazy("Year"))
    upload = forms.FileField(
        label=gettext_lazy("Or upload a CSV file"),
        required=False,
        help_text=gettext_lazy(
            "In the format of the statistics page's CSV download: one row per figure with "
            "the columns key, value, year, reference_year and note."
        ),
    )

    def __init__(self, *args, statistics, **kwargs):
        super().__init__(*args, **kwargs)
        self.statistics = statistics
        self.rows = []
        for statistic in statistics:
            fields = {
                "value": forms.IntegerField(label=_("Value"), min_value=0, required=False),
                "reference_year": forms.IntegerField(
                    label=_("Reference year"), min_value=FIRST_YEAR, required=False
                ),
                **{
                    f"note_{code}": forms.CharField(
                        label=_("Note (%(language)s)") % {"language": code},
                        max_length=NOTE_LENGTH,
                        required=False,
                    )
                    for code in language_codes()
                },
            }
            row = {"statistic": statistic, "names": []}
            for name, field in fields.items():
                field.widget.attrs["aria-label"] = f"{field.label}: {statistic.label}"
                self.fields[f"{statistic.key}-{name}"] = field
                row["names"].append(f"{statistic.key}-{name}")
            self.rows.append(row)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year < FIRST_YEAR:
            raise forms.ValidationError(_("Figures begin with the year 2000."), code="early")
        if year > timezone.localdate().year:
            raise forms.ValidationError(
                _("The year %(year)s has not begun yet.") % {"year": year}, code="future"
            )
        return year

    def bound_rows(self):
        return [
            {"statistic": row["statistic"], "fields": [self[name] for name in row["names"]]}
            for row in self.rows
        ]

    def clean(self):
        data = super().clean()
        year = data.get("year")
        for statistic in self.statistics:
            key = statistic.key
            value, reference = data.get(f"{key}-value"), data.get(f"{key}-reference_year")
            if value is None:
                self.add_error(
                    f"{key}-value", _("Enter the value of %(label)s.") % {"label": statistic.label}
                )
            if reference is None:
                self.add_error(f"{key}-reference_year", _("Enter the reference year."))
            elif year and reference > year:
                self.add_error(
                    f"{key}-reference_year", _("The reference year cannot be later than the year.")
                )
            elif year and reference != year and not data.get(f"{key}-note_fi"):
                self.add_error(
                    f"{key}-note_fi",
                    _("Explain in the note why the reference year differs from the year."),
                )
        if year and StatisticValue.objects.filter(year=year, is_published=True).exists():
            self.add_error(
                "year",
                _("The figures of %(year)s are published already: change them one by one.")
                % {"year": year},
            )
        return data


def initial_for(year, statistics):
    """The form's first values: reference years and notes as in the previous year's figures."""
    before = previous_values(year)
    initial = {"year": year}
    for statistic in statistics:
        previous = before.get(statistic.pk)
        if previous is None:
            continue
        initial[f"{statistic.key}-reference_year"] = previous.reference_year + (
            year - previous.year
        )
        for code in language_codes():
            initial[f"{statistic.key}-note_{code}"] = getattr(previous, f"note_{code}")
    return initial


def csv_data(upload, statistics):
    """Form data from a CSV file in the public download's format; ValueError if it is not."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("The file is not UTF-8 text.")) from error
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"key", "value", "year", "reference_year"} <= set(
        reader.fieldnames
    ):
        raise ValueError(
            _("The file lacks the columns of the statistics CSV: %(columns)s.")
            % {"columns": ", ".join(OPEN_DATA_FIELDS)}
        )
    rows = list(reader)
    by_key = {statistic.key: statistic for statistic in statistics}
    unknown = sorted({row["key"] for row in rows} - set(by_key))
    if unknown:
        raise ValueError(_("Unknown figures in the file: %(keys)s.") % {"keys": ", ".join(unknown)})
    years = {row["year"] for row in rows}
    if len(years) != 1 or not next(iter(years)).isdigit():
        raise ValueError(_("The file must hold the figures of one year."))
    data = {"year": years.pop()}
    for row in rows:
        statistic = by_key[row["key"]]
        # The note is in the language of the file: the one its labels are written in.
        language = next(
            (
                code
                for code in language_codes()
                if getattr(statistic, f"label_{code}") == row.get("label")
            ),
            language_codes()[0],
        )
        data[f"{row['key']}-value"] = row["value"]
        data[f"{row['key']}-reference_year"] = row["reference_year"]
        data[f"{row['key']}-note_{language}"] = row.get("note", "").removeprefix("'")
    return data


def check_permission(request):
    if not (
        request.user.has_perm("stats.add_statisticvalue")
        and request.user.has_perm("stats.change_statisticvalue")
    ):
        raise PermissionDenied


def year_figures(request):
    """The form of a new year's figures; saving stores them as a draft."""
    check_permission(request)
    items = statistics()
    latest = StatisticValue.objects.order_by("-year").values_list("year", flat=True).first()
    year = min((latest or FIRST_YEAR - 1) + 1, timezone.localdate().year)
    data = request.POST.dict() if request.method == "POST" else None
    upload_error = None
    if data is not None and request.FILES.get("upload"):
        try:
            uploaded = csv_data(request.FILES["upload"], items)
            # What the file does not give (notes in other languages) is as the form offers it.
            data = {**initial_for(int(uploaded["year"]), items), **uploaded}
        except ValueError as error:
            upload_error = str(error)
    form = YearForm(data, request.FILES or None, initial=initial_for(year, items), statistics=items)
    if upload_error:
        form.add_error("upload", upload_error)
    if data is not None and form.is_valid():
        save_draft(request, form)
        year = form.cleaned_data["year"]
        messages.success(
            request,
            _("The figures of %(year)s are saved as a draft. Preview them, then publish.")
            % {"year": year},
        )
        return redirect("admin:stats_year", year=year)
    context = {
        **admin.site.each_context(request),
        "title": _("Figures of a year"),
        "form": form,
        "rows": form.bound_rows(),
        "languages": language_codes(),
    }
    return TemplateResponse(request, "stats/admin/year_figures.html", context)


def publish(request, year):
    """Publish the year's values together, as one revision in their history."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        for value in StatisticValue.objects.filter(year=year, is_published=False):
            value.is_published = True
            value.save(update_fields=["is_published", "updated_at"])


def save_draft(request, form):
    """Save the year's values as drafts, as one revision in their history."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        write_draft(form)


def write_draft(form):
    year = form.cleaned_data["year"]
    for statistic in form.statistics:
        fields = {
            name: form.cleaned_data[f"{statistic.key}-{name}"]
            for name in ("value", "reference_year", *(f"note_{c}" for c in language_codes()))
        }
        StatisticValue.objects.update_or_create(
            statistic=statistic,
            year=year,
            defaults={**fields, "is_published": False, "key": f"{statistic.key}-{year}"},
        )


def year_status(request, year):
    """A year's figures, draft or published, with the preview and the publish action."""
    check_permission(request)
    values = {
        value.statistic_id: value
        for value in StatisticValue.objects.filter(year=year).select_related("statistic")
    }
    if not values:
        raise Http404
    items = statistics()
    missing = [statistic for statistic in items if statistic.pk not in values]
    if request.method == "POST":
        if missing:
            messages.error(
                request,
                _("The year cannot be published: figures are missing (%(labels)s).")
                % {"labels": ", ".join(str(s) for s in missing)},
            )
        else:
            publish(request, year)
            messages.success(request, _("The figures of %(year)s are published.") % {"year": year})
        return redirect("admin:stats_year", year=year)
    context = {
        **admin.site.each_context(request),
        "title": _("Figures of %(year)s") % {"year": year},
        "year": year,
        "rows": [(statistic, values.get(statistic.pk)) for statistic in items],
        "missing": missing,
        "published": all(value.is_published for value in values.values()) and not missing,
    }
    return TemplateResponse(request, "stats/admin/year_status.html", context)


def year_preview(request, year):
    """The statistics page as it will look with the year's figures, drafts included."""
    check_permission(request)
    values = StatisticValue.objects.filter(statistic__is_published=True)
    if not values.filter(year=year).exists():
        raise Http404
    return render(
        request,
        "stats/index.html",
        {
            "year": year,
            "years": [year],
            "figures": figures_of(year, values),
            "draft_preview": True,
            "admin_url": reverse("admin:stats_year", args=[year]),
        },
    )
