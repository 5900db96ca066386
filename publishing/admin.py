import json

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import capfirst, format_lazy, get_text_list
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.fields import TranslationField
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import completeness
from .addresses import GeneratedAddressesForm
from .fields import RichTextField
from .models import AdminLanguage, language_codes


def translated_lookups(*fields):
    """Admin search fields for translated fields: each field in every language."""
    return [f"{field}_{code}" for field in fields for code in language_codes()]


def field_label(field):
    """A model field's name for editors: a translated field as "name (Swedish)"."""
    if isinstance(field, TranslationField):
        language = dict(settings.LANGUAGES)[field.language]
        return format_lazy("{} ({})", field.translated_field.verbose_name, language)
    return field.verbose_name


# The longest text an editor may save in a field without a length of its own: plain text a
# few pages long, rich text (with its markup) some tens of pages.
TEXT_LIMIT = 10_000
RICH_TEXT_LIMIT = 100_000


class EditorFields:
    """Form fields as editors need them.

    Labels of translated fields name their language in words, in the admin's language. Every
    text field has a limit that its help text states and the form enforces with a message;
    no maxlength attribute makes the browser cut a pasted text short without a word.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        if isinstance(db_field, TranslationField):
            formfield.label = capfirst(field_label(db_field))
        if isinstance(formfield, forms.CharField):
            if formfield.max_length is None:
                rich = isinstance(db_field, RichTextField)
                formfield.max_length = RICH_TEXT_LIMIT if rich else TEXT_LIMIT
                formfield.validators.append(MaxLengthValidator(formfield.max_length))
            formfield.widget.attrs.pop("maxlength", None)
            stated = _("At most %(limit)s characters.") % {
                "limit": number_format(formfield.max_length, force_grouping=True)
            }
            formfield.help_text = " ".join(filter(None, [str(formfield.help_text), stated]))
        return formfield


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
            if widget.is_hidden:
                continue
            label = capfirst(field.label or "")
            widget.attrs.setdefault("aria-label", f"{label}: {item}" if item else label)


class ChangeListFormSet(NamedInputs, BaseModelFormSet):
    pass


class RowsFormSet(NamedInputs, BaseInlineFormSet):
    pass


class ContentTabularInline(EditorFields, TranslationTabularInline):
    """A tabular inline of content items, with language tabs and named inputs."""

    formset = RowsFormSet


class ContentAdmin(EditorFields, VersionAdmin, TabbedTranslationAdmin):
    """Admin of a content model: language tabs, history with restore, recovery and compare.

    django-reversion records every save with who and when; the history page links each
    version to a field-by-field comparison with the item as it is now.
    """

    form = GeneratedAddressesForm
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

    def log_addition(self, request, obj, message):
        return self.comment_as_logged(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self.comment_as_logged(super().log_change(request, obj, message))

    def comment_as_logged(self, entry):
        """The revision keeps the change message as Django logs it (JSON naming the fields),
        not as text in the saver's language: the history shows it in the reader's."""
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        actions = getattr(response, "context_data", {}).get("action_list", [])
        if actions:
            models = [self.model, *(inline.model for inline in self.inlines)]
            for action in actions:
                action["comment"] = history_comment(action["revision"].comment, models)
        return response

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
                {"label": field_label(field), "then": shown(field, then), "now": shown(field, now)}
            )
    return rows


def field_labels(models):
    """{label as stored in a change message (English): the field's name in the active language}.

    Django writes change messages with the English labels of the changed fields; the history
    shows them in the reader's language. Older messages used modeltranslation's "Name [sv]".
    """
    labels = {}
    for model in models:
        for field in model._meta.concrete_fields:
            with translation.override(None):
                stored = {str(capfirst(field_label(field))), str(capfirst(field.verbose_name))}
            labels.update(dict.fromkeys(stored, field_label(field)))
    return labels


def history_comment(comment, models):
    """A revision's comment in the active language, as Django's LogEntry reads its JSON."""
    try:
        parts = json.loads(comment) if comment.startswith("[") else None
    except json.JSONDecodeError:
        parts = None
    if parts is None:
        return comment
    labels = field_labels(models)
    sentences = []
    for part in parts:
        for action, details in part.items():
            if action == "changed":
                fields = get_text_list(
                    [str(labels.get(name, name)) for name in details["fields"]], gettext("and")
                )
                if "name" in details:
                    sentences.append(
                        pgettext("history", "Changed {fields} of {name} “{object}”.").format(
                            fields=fields, name=gettext(details["name"]), object=details["object"]
                        )
                    )
                else:
                    sentences.append(
                        pgettext("history", "Changed: {fields}.").format(fields=fields)
                    )
            elif action == "added" and details:
                sentences.append(
                    gettext("Added {name} “{object}”.").format(
                        name=gettext(details["name"]), object=details["object"]
                    )
                )
            elif action == "added":
                sentences.append(gettext("Added."))
            elif action == "deleted":
                sentences.append(
                    gettext("Deleted {name} “{object}”.").format(
                        name=gettext(details["name"]), object=details["object"]
                    )
                )
    return " ".join(sentences) or gettext("No fields changed.")


def translation_completeness(request):
    """For each content model, the items whose Swedish or English text is missing."""
    languages = completeness.other_languages()
    sections = []
    totals = dict.fromkeys(languages, 0)
    for model in completeness.translated_models():
        opts = model._meta
        rows = []
        for item, missing in completeness.incomplete_items(model):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
            rows.append(
                {
                    "item": item,
                    "url": url,
                    "missing": missing,
                    # Each missing field links to its language's tab of the change form.
                    "fields": [
                        (
                            code,
                            [
                                (opts.get_field(name).verbose_name, f"{url}#tab_id_{name}_{code}")
                                for name in names
                            ],
                        )
                        for code, names in missing.items()
                    ],
                }
            )
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


class AdminLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the admin"),
        # Each language named in itself, so that an editor finds their own.
        choices=[
            (code, translation.get_language_info(code)["name_local"]) for code in language_codes()
        ],
        widget=forms.RadioSelect,
        help_text=_("The admin stays in this language whenever you log in."),
    )


def admin_language(request):
    """The editor chooses the admin's language; the choice is stored for every session."""
    chosen = AdminLanguage.objects.filter(user=request.user).first()
    initial = {"language": chosen.language if chosen else translation.get_language()}
    form = AdminLanguageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        AdminLanguage.objects.update_or_create(user=request.user, defaults={"language": language})
        with translation.override(language):
            messages.success(request, gettext("The admin is now in your chosen language."))
        return redirect("admin:index")
    context = {
        **admin.site.each_context(request),
        "title": _("Language of the admin"),
        "form": form,
    }
    return TemplateResponse(request, "publishing/admin/admin_language.html", context)


admin.site.register_view("language/", admin_language, "admin_language")
