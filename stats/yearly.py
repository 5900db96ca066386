"""The figures of a whole year at once: entered in one form or uploaded as the public CSV,
saved as a draft, previewed as the statistics page, and published in one action.

The year's values follow the publishing workflow of every content item (publishing.workflow):
a new year's values are new items, unpublished until the year is published; figures entered
again for a published year are drafts of the live values, which the public page shows until
the drafts are published. Publishing, review and discarding act on the whole year at once, as
one revision in the values' history; the four-eyes rule holds for each value. The public page
shows only years whose figures are all published (stats.queries.published_years).
"""

import copy
import csv
import io
import re

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing import workflow
from publishing.models import Draft, language_codes

from . import formatting
from .models import FIRST_YEAR, VALUE_MAX, Statistic, StatisticValue, last_year, too_far_ahead
from .queries import page_order
from .views import OPEN_DATA_FIELDS, figures_of

NOTE_LENGTH = StatisticValue._meta.get_field("note").max_length


def statistics():
    return sorted(Statistic.objects.published(), key=page_order)


def previous_values(year):
    """{statistic id: its value of the latest year before `year`} (for the reference years),
    in one query that SQLite and PostgreSQL run alike."""
    latest = (
        StatisticValue.objects.filter(statistic=OuterRef("statistic"), year__lt=year)
        .order_by("-year")
        .values("year")[:1]
    )
    values = StatisticValue.objects.filter(year__lt=year, year=Subquery(latest))
    return {value.statistic_id: value for value in values}


def year_given(text):
    """The year written in `text` (four ASCII digits), or None: str.isdigit() also accepts
    "²", which int() refuses, and int() reads other scripts' digits."""
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else None


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
        year = self.fields["year"]
        year.widget.attrs.update(min=FIRST_YEAR, max=last_year())
        year.error_messages["invalid"] = _("Enter the year in digits.")
        year.help_text = _(
            "Next year's figures (%(next)s) can be prepared before the year begins: the "
            "statistics page shows them only when the year is published."
        ) % {"next": last_year()}
        for statistic in statistics:
            fields = {
                # The range is checked in clean(), whose messages name the statistic.
                "value": forms.IntegerField(
                    label=_("Value"),
                    required=False,
                    widget=forms.NumberInput(attrs={"min": 0, "max": VALUE_MAX}),
                    error_messages={
                        "invalid": _("The value of %(label)s must be a whole number.")
                        % {"label": statistic.label}
                    },
                ),
                "reference_year": forms.IntegerField(
                    label=_("Reference year"),
                    min_value=FIRST_YEAR,
                    required=False,
                    error_messages={"invalid": _("Enter the year in digits.")},
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
        if year > last_year():
            raise forms.ValidationError(too_far_ahead(year), code="future")
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
            if self.has_error(f"{key}-value"):
                pass  # not a number: the field says so
            elif value is None:
                self.add_error(
                    f"{key}-value", _("Enter the value of %(label)s.") % {"label": statistic.label}
                )
            elif value < 0:
                self.add_error(
                    f"{key}-value",
                    _("The value of %(label)s cannot be negative.") % {"label": statistic.label},
                )
            elif value > VALUE_MAX:
                self.add_error(
                    f"{key}-value",
                    _(
                        "The value of %(label)s is too large: the largest possible value is "
                        "%(largest)s."
                    )
                    % {"label": statistic.label, "largest": formatting.number(VALUE_MAX)},
                )
            if self.has_error(f"{key}-reference_year"):
                pass
            elif reference is None:
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
        return data


def drafted_names():
    """The fields of a value that the form sets (and a draft holds)."""
    return ["value", "reference_year", *(f"note_{code}" for code in language_codes())]


def year_values(year):
    """The year's values, each with its pending draft (`.draft`, or None) and as the draft
    would make it (`.drafted`: the value itself when it has no draft)."""
    values = list(StatisticValue.objects.filter(year=year).select_related("statistic"))
    drafts = workflow.drafts_of(values)
    for value in values:
        value.draft = drafts.get(value.pk)
        value.drafted = workflow.apply(copy.copy(value), value.draft.data) if value.draft else value
    return values


def initial_for(year, statistics):
    """The form's first values: the year's own figures (as drafted) when it has them, else
    reference years as far behind the year as in the previous year's figures. A new year's
    notes start empty: the previous year's describe that year ("based on events in 2020")."""
    initial = {"year": year}
    own = {value.statistic_id: value.drafted for value in year_values(year)}
    before = {} if own else previous_values(year)
    for statistic in statistics:
        if statistic.pk in own:
            for name in drafted_names():
                initial[f"{statistic.key}-{name}"] = getattr(own[statistic.pk], name)
            continue
        previous = before.get(statistic.pk)
        if previous is None:
            continue
        initial[f"{statistic.key}-reference_year"] = previous.reference_year + (
            year - previous.year
        )
    return initial


def csv_data(upload, statistics):
    """Form data from a CSV file in the public download's format; ValueError if it is not."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("The file is not UTF-8 text.")) from error
    reader = csv.DictReader(io.StringIO(text), restval="")  # a short row: empty cells
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
    if len(years) != 1:
        raise ValueError(_("The file must hold the figures of one year."))
    year = years.pop()
    if year_given(year) is None:
        raise ValueError(_("The year in the file is not a valid year: %(year)s.") % {"year": year})
    data = {"year": year}
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


def asked_year(request):
    """The year the form is opened for (?year=, at most next year), or the year after the
    latest figures (at most the current year)."""
    asked = year_given(request.GET.get("year", ""))
    if asked is not None and FIRST_YEAR <= asked <= last_year():
        return asked
    latest = StatisticValue.objects.order_by("-year").values_list("year", flat=True).first()
    return min((latest or FIRST_YEAR - 1) + 1, timezone.localdate().year)


def year_figures(request):
    """The form of a year's figures; saving stores them as a draft."""
    check_permission(request)
    items = statistics()
    data = request.POST.dict() if request.method == "POST" else None
    upload_error = None
    if data is not None and request.FILES.get("upload"):
        try:
            uploaded = csv_data(request.FILES["upload"], items)
            # What the file does not give (notes in other languages) is as the form offers it.
            data = {**initial_for(year_given(uploaded["year"]), items), **uploaded}
        except ValueError as error:
            upload_error = str(error)
    initial = initial_for(asked_year(request), items) if data is None else None
    form = YearForm(data, request.FILES or None, initial=initial, statistics=items)
    if upload_error:
        form.add_error("upload", upload_error)
    if data is not None and form.is_valid():
        live = save_draft(request, form)
        year = form.cleaned_data["year"]
        if live:
            message = _(
                "The figures of %(year)s are saved as a draft. The statistics page shows the "
                "published figures until the draft is published."
            )
        else:
            message = _("The figures of %(year)s are saved as a draft. Preview them, then publish.")
        messages.success(request, message % {"year": year})
        return redirect("admin:stats_year", year=year)
    # Opened for a year that has figures: the form shows them, drafts included.
    opened = initial if initial and any(name.endswith("-value") for name in initial) else {}
    context = {
        **admin.site.each_context(request),
        "title": _("Figures of a year"),
        "form": form,
        "opened_year": opened.get("year"),
        "rows": form.bound_rows(),
        "languages": language_codes(),
    }
    return TemplateResponse(request, "stats/admin/year_figures.html", context)


def save_draft(request, form):
    """Save the year's values through the publishing workflow, as one revision in their
    history: new values as unpublished items, published ones into their drafts.

    Returns whether any published value got a draft (the public page is unchanged).
    """
    year, names, live = form.cleaned_data["year"], drafted_names(), False
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        values = {value.statistic_id: value for value in year_values(year)}
        for statistic in form.statistics:
            value = values.get(statistic.pk) or StatisticValue(statistic=statistic, year=year)
            before = workflow.values(getattr(value, "drafted", value), names)
            for name in names:
                setattr(value, name, form.cleaned_data[f"{statistic.key}-{name}"])
            unchanged = workflow.values(value, names) == before
            if value.pk and value.is_published and value.draft is None and unchanged:
                continue  # a live value the form leaves as it is gets no draft
            draft = workflow.save_draft(value, names, request.user)
            live = live or bool(draft.data)
    return live


def years_in_progress():
    """The years with a draft of a value or an unpublished value, newest first."""
    content_type = ContentType.objects.get_for_model(StatisticValue, for_concrete_model=False)
    drafted = Draft.objects.filter(content_type=content_type).values("object_id")
    return list(
        StatisticValue.objects.filter(Q(is_published=False) | Q(pk__in=drafted))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def year_state(request, year, values):
    """What the status page shows of the year's values and which actions it offers."""
    items = statistics()
    by_statistic = {value.statistic_id: value for value in values}
    missing = [statistic for statistic in items if statistic.pk not in by_statistic]
    pending = [value for value in values if value.draft is not None or not value.is_published]
    drafts = [value.draft for value in pending if value.draft is not None]
    may_publish = bool(pending) and all(
        workflow.may_publish(request.user, value.draft) for value in pending
    )
    return {
        "rows": [(statistic, by_statistic.get(statistic.pk)) for statistic in items],
        "missing": missing,
        "pending": pending,
        "live": any(value.is_published for value in values),
        "published": not pending and not missing,
        "may_publish": may_publish and not missing,
        "four_eyes": bool(pending)
        and not may_publish
        and request.user.has_perm(workflow.PUBLISH_PERMISSION),
        "may_submit": any(draft.status == Draft.Status.DRAFT for draft in drafts),
        "may_send_back": may_publish and bool(drafts),
        "in_review": next((d for d in drafts if d.status == Draft.Status.IN_REVIEW), None),
        "comment": next((d.comment for d in drafts if d.comment), ""),
    }


def act(request, year, action, state):
    """One publishing action on the whole year; returns the message, or None if refused.

    workflow raises PermissionDenied (four-eyes): the caller's transaction is rolled back.
    """
    user, pending = request.user, state["pending"]
    if action == "publish" and pending:
        if state["missing"]:
            messages.error(
                request,
                _("The year cannot be published: figures are missing (%(labels)s).")
                % {"labels": ", ".join(str(s) for s in state["missing"])},
            )
            return None
        for value in pending:
            workflow.publish(value, value.draft, user)
        return _("The figures of %(year)s are published.") % {"year": year}
    drafted = [value for value in pending if value.draft is not None]
    if action == "submit" and drafted:
        for value in drafted:
            workflow.submit(value, value.draft, user)
        return _("The figures of %(year)s are submitted for review.") % {"year": year}
    if action == "send-back" and drafted:
        comment = request.POST.get("comment", "").strip()
        if not comment:
            messages.error(request, _("Say in a comment what should change."))
            return None
        for value in drafted:
            workflow.send_back(value, value.draft, user, comment)
        return _("The figures of %(year)s are sent back with your comment.") % {"year": year}
    if action == "discard" and pending:
        # A new year's values are its draft: discarding it removes them, never a live value.
        if not user.has_perm("stats.delete_statisticvalue"):
            raise PermissionDenied
        for value in pending:
            if value.is_published:
                workflow.discard(value, value.draft, user)
            else:
                if value.draft is not None:
                    value.draft.delete()
                value.delete()
        return _("The draft of the figures of %(year)s is discarded.") % {"year": year}
    raise Http404


def year_status(request, year):
    """A year's figures, draft or published, with the preview and the publishing actions."""
    check_permission(request)
    if request.method == "POST":
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                values = year_values(year)
                done = act(
                    request, year, request.POST.get("action"), year_state(request, year, values)
                )
        except PermissionDenied as refused:
            messages.error(request, str(refused) or _("You may not do this."))
            done = None
        if done:
            messages.success(request, done)
        if not StatisticValue.objects.filter(year=year).exists():
            return redirect("admin:stats_year_figures")
        return redirect("admin:stats_year", year=year)
    values = year_values(year)
    if not values:
        raise Http404
    context = {
        **admin.site.each_context(request),
        "title": _("Figures of %(year)s") % {"year": year},
        "year": year,
        "previews": preview_links(year),
        **year_state(request, year, values),
    }
    return TemplateResponse(request, "stats/admin/year_status.html", context)


def preview_links(year):
    """[(language code, name, URL)] of the year's preview in each language."""
    return [
        (code, name, reverse("admin:stats_year_preview", args=[year, code]))
        for code, name in settings.LANGUAGES
    ]


def year_preview(request, year, language):
    """The statistics page as it will look with the year's figures, drafts applied, in one
    language, for staff only.

    As in the preview of any item (publishing.admin.preview), the drafts are written to the
    values in a transaction that is rolled back once the page is rendered: nothing is kept,
    nor announced to the page cache.
    """
    check_permission(request)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with transaction.atomic(), translation.override(language):
        values = year_values(year)
        if not values:
            raise Http404
        for value in values:
            if value.draft is not None and value.draft.data:
                value.drafted.save()
        request.LANGUAGE_CODE = language
        request.publishing_preview = {
            # A draft of a live value: visitors see the published figures until it is published.
            "draft": next((v.draft for v in values if v.draft and v.draft.data), None),
            "languages": preview_links(year),
            "current": language,
            "change_url": reverse("admin:stats_year", args=[year]),
        }
        response = render(
            request,
            "stats/index.html",
            {
                "year": year,
                "years": [year],
                "figures": figures_of(
                    year, StatisticValue.objects.filter(statistic__is_published=True)
                ),
            },
        )
        transaction.set_rollback(True)
    patch_cache_control(response, private=True, no_store=True)
    return response
