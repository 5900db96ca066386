from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import completeness
from .models import language_codes


def translated_lookups(*fields):
    """Admin search fields for translated fields: each field in every language."""
    return [f"{field}_{code}" for field in fields for code in language_codes()]


class NamedInputs:
    """A formset shown as table rows, whose inputs have no <label> of their own.

    Each input is named by its field and its item ("Order: Kela's board"), so that a screen
    reader tells one row's input from the next (WCAG 1.3.1, 4.1.2).
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        item = form.instance if form.instance.pk else None
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside a related wrapper
            label = capfirst(field.label or "")
            widget.attrs.setdefault("aria-label", f"{label}: {item}" if item else label)


class ChangeListFormSet(NamedInputs, BaseModelFormSet):
    pass


class RowsFormSet(NamedInputs, BaseInlineFormSet):
    pass


class ContentTabularInline(TranslationTabularInline):
    """A tabular inline of content items, with language tabs and named inputs."""

    formset = RowsFormSet


class ContentAdmin(VersionAdmin, TabbedTranslationAdmin):
    """Admin of a content model: language tabs, history with restore, recovery and compare.

    django-reversion records every save with who and when; the history page links each
    version to a field-by-field comparison with the item as it is now.
    """

    object_history_template = "publishing/admin/object_history.html"
    history_latest_first = True

    def get_readonly_fields(self, request, obj=None):
        """The key is chosen when an item is created and never changed: the content files and
        the exports find the item by it."""
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if obj is None or "key" in fields else (*fields, "key")

    class Media:
        js = (
            "modeltranslation/js/tabbed_translation_fields.js",
            "publishing/admin/language_tabs.js",
        )

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=ChangeListFormSet, **kwargs)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id, version_id):
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(item), pk=version_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": item,
            "version": version,
            "differences": differences(item, version.field_dict),
            "title": _("Compare versions of %(item)s") % {"item": item},
        }
        return TemplateResponse(request, "publishing/admin/compare.html", context)


def shown(field, value):
    """A stored field value as the editor knows it: choice labels and related items by name."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return related if related is not None else value
    return value


def differences(item, stored):
    """[{label, then, now}] for each editable field whose stored value differs from the item's."""
    rows = []
    for field in item._meta.concrete_fields:
        if not field.editable or field.attname not in stored:
            continue
        then, now = stored[field.attname], getattr(item, field.attname)
        if then != now:
            rows.append(
                {"label": field.verbose_name, "then": shown(field, then), "now": shown(field, now)}
            )
    return rows


def translation_completeness(request):
    """For each content model, the items whose Swedish or English text is missing."""
    languages = completeness.other_languages()
    sections = []
    totals = dict.fromkeys(languages, 0)
    for model in completeness.translated_models():
        opts = model._meta
        rows = [
            {
                "item": item,
                "missing": missing,
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]),
            }
            for item, missing in completeness.incomplete_items(model)
        ]
        counts = {code: sum(code in row["missing"] for row in rows) for code in languages}
        for code, count in counts.items():
            totals[code] += count
        sections.append({"opts": opts, "rows": rows, "counts": counts})
    context = {
        **admin.site.each_context(request),
        "title": _("Translation completeness"),
        "languages": languages,
        "sections": sections,
        "totals": totals,
    }
    return TemplateResponse(request, "publishing/admin/translation_completeness.html", context)


admin.site.register_view("translations/", translation_completeness, "translation_completeness")
admin.site.register_index_panel("publishing/admin/index_translations.html")
