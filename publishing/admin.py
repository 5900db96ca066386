import copy
import json

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.text import capfirst, format_lazy, get_text_list
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.fields import TranslationField
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import completeness, workflow
from .addresses import GeneratedAddressesForm
from .editor import rich_text_widget
from .fields import RichTextField, RichTextFormField
from .models import AdminLanguage, ContentModel, Expiry, RevisionNote, language_codes
from .richtext import removed_markup


class EditConflict(Exception):
    """The form was opened before someone else saved the item, and both changed a field."""

    def __init__(self, conflicts, base, theirs, mine, seen):
        super().__init__(conflicts)
        self.conflicts, self.base, self.theirs, self.mine, self.seen = (
            conflicts,
            base,
            theirs,
            mine,
            seen,
        )


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
    no maxlength attribute makes the browser cut a pasted text short without a word. Rich
    text has the editor of publishing.editor, over a textarea that works without JavaScript.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, RichTextField):
            kwargs["widget"] = rich_text_widget()
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
    """A tabular inline of content items, with language tabs and named inputs.

    Publishing is an action of the parent item, never a field of a row.
    """

    formset = RowsFormSet

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if "is_published" in fields else (*fields, "is_published")


class ContentAdmin(EditorFields, VersionAdmin, TabbedTranslationAdmin):
    """Admin of a content model: language tabs, history with restore, recovery and compare.

    django-reversion records every save with who and when; the history page links each
    version to a field-by-field comparison with the item as it is now.
    """

    form = GeneratedAddressesForm
    object_history_template = "publishing/admin/object_history.html"
    change_form_template = "publishing/admin/change_form.html"
    history_latest_first = True

    def reversion_register(self, model, **options):
        """Each version holds one item: restoring one item never touches another (no
        `follow` of the inlines' items, which have histories of their own)."""
        options.pop("follow", None)
        super().reversion_register(model, **options)

    def get_readonly_fields(self, request, obj=None):
        """The key may be adjusted until the item is first published, and never after: the
        content files and the exports find the item by it. Publishing is an action of its
        own, never a field."""
        fields = tuple(super().get_readonly_fields(request, obj))
        key_fixed = obj is not None and (obj.is_published or obj.first_published_at is not None)
        fixed = ("key", "is_published") if key_fixed else ("is_published",)
        return (*fields, *(name for name in fixed if name not in fields))

    # --- Drafts: the change form opens the item's draft and saves into it ---------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        request.publishing_opens_draft = True
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is not None and getattr(request, "publishing_opens_draft", False):
            draft = workflow.draft_of(item)
            request.publishing_live, request.publishing_draft = copy.copy(item), draft
            if draft is not None:
                workflow.apply(item, draft.data)
            restoring = getattr(request, "publishing_restore", None)
            if restoring is not None and request.method != "POST":
                names = [field.name for field in item._meta.concrete_fields]
                workflow.apply(item, workflow.values(restoring_item(item, restoring), names))
        return item

    def get_changeform_initial_data(self, request):
        """A recovered item's form starts from its last version."""
        recovering = getattr(request, "publishing_recover", None)
        if recovering is None:
            return super().get_changeform_initial_data(request)
        return {
            field.name: recovering.field_dict.get(field.attname)
            for field in self.model._meta.concrete_fields
            if field.editable and not field.primary_key and field.name != "is_published"
        }

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            return self.conflict_response(request, object_id, conflict)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and hasattr(request, "publishing_live"):
            context["publishing"] = self.publishing_context(request, obj)
        # The rich-text editor's import map is an inline script: it needs the CSP nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publishing_context(self, request, item):
        live, draft = request.publishing_live, request.publishing_draft
        opts = self.model._meta
        expiry = expiry_of(live)
        parts = workflow.part_drafts(live)
        return {
            "live": live,
            "draft": draft,
            "token": workflow.token(live),
            "differences": differences(live, draft.data) if draft else [],
            "parts": parts,
            "may_publish": workflow.may_publish(request.user, draft, live, parts),
            "may_discard": workflow.may_discard(request.user, draft)
            and workflow.discardable(live, draft, parts),
            "may_unpublish": workflow.may_publish(request.user, None),
            "expire_at": expiry.expire_at if expiry else None,
            "action_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_publishing", args=[live.pk, "_"]
            )[:-2],
            "previews": preview_links(live),
        }

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One version of one item in the change form; saving it makes it the item's draft.

        Nothing is reverted: the version's values fill the form, and saving it goes through
        review as any edit does. No other item, and no row of another model, is touched.
        """
        item = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if item is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_object(item), pk=version_id)
        request.publishing_restore = version
        context = {
            "title": _("Restore a version of %(item)s as a draft") % {"item": item},
            "restoring": version,
            **(extra_context or {}),
        }
        return self.change_view(request, object_id, request.path, context)

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted item's last version in the add form; saving it makes an unpublished item
        that follows review."""
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        request.publishing_recover = version
        context = {
            "title": _("Recover %(item)s as a draft") % {"item": version.object_repr},
            **(extra_context or {}),
        }
        return self.add_view(request, request.path, context)

    def save_model(self, request, obj, form, change):
        names = list(form.fields)
        restoring = getattr(request, "publishing_restore", None)
        details = {}
        if restoring is not None:
            action = workflow.Action.RESTORED
            details = {"version": restoring.pk, "saved_at": restoring.revision.date_created}
        elif getattr(request, "publishing_recover", None) is not None:
            action = workflow.Action.RECOVERED
            recovered = request.publishing_recover
            if not self.model._default_manager.filter(pk=recovered.object_id).exists():
                obj.pk = int(recovered.object_id)  # the item keeps its history
        else:
            action = workflow.Action.SAVED
            if change:
                self.merge_with_saved(request, obj, names)
        self.tell_removed_markup(request, form)
        before = workflow.draft_of(obj) if change else None
        draft = workflow.save_draft(obj, names, request.user, action=action, **details)
        if (
            before is not None
            and before.publish_at is not None
            and draft is not None
            and draft.publish_at is None
        ):
            messages.warning(
                request,
                gettext(
                    "The draft was scheduled to be published. It changed, so the schedule is "
                    "cancelled and the draft needs review again."
                ),
            )
        unchanged = draft is None or (before is not None and before.revision == draft.revision)
        if restoring is not None and unchanged:
            messages.info(request, gettext("The version is the same as the item's text now."))
        if draft is not None and draft.data:
            messages.info(
                request,
                gettext("The draft is saved. The public page is unchanged until it is published."),
            )
        elif not obj.is_published:
            messages.info(request, gettext("Saved as a draft: it is not public until published."))

    def merge_with_saved(self, request, obj, names):
        """Bring the form's values in line with what others saved after it was opened.

        Fields only the others changed keep their values; fields only this editor changed
        take the typed values. Fields both changed are a conflict, unless the editor has just
        chosen between the two on the conflict page (for the version then current).
        """
        live = type(obj).objects.select_for_update().get(pk=obj.pk)
        current = workflow.token(live)
        sent = request.POST.get("publishing_token")
        if sent is None or sent == current:
            return
        theirs = workflow.values(workflow.drafted(live, workflow.draft_of(live)), names)
        mine = workflow.values(obj, names)
        base = workflow.based_on(live, sent) or {}
        merged, conflicts = workflow.merge(base, theirs, mine)
        if request.POST.get("publishing_seen") == current:
            chosen = set(request.POST.getlist("publishing_resolved")) & set(request.POST)
            chosen = {field.attname for field in workflow.drafted_fields(type(obj), chosen)}
            for name in chosen & set(conflicts):
                merged[name] = mine[name]
            conflicts = [name for name in conflicts if name not in chosen]
        if conflicts:
            raise EditConflict(conflicts, base, theirs, mine, current)
        workflow.apply(obj, merged)
        kept = [
            name
            for name, value in merged.items()
            if workflow.normal(value) != workflow.normal(mine[name])
        ]
        if kept:
            labels = [capfirst(field_label(obj._meta.get_field(name))) for name in kept]
            messages.info(
                request,
                gettext("Changes saved meanwhile by someone else are kept: %(fields)s.")
                % {"fields": get_text_list([str(label) for label in labels], gettext("and"))},
            )

    def save_formset(self, request, form, formset, change):
        """Rows that are parts of the item (a statistic's values) are drafts too: a changed or
        new row waits for the item's publishing, and a deleted published row stays public
        until then."""
        if not getattr(formset.model, "publishing_parent", None):
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for part in formset.deleted_objects:
            if part.is_published:
                workflow.remove_part(part, request.user)
            else:
                part.delete()
        for part, changed in formset.changed_objects:
            workflow.save_draft(part, changed, request.user)
        names = list(formset.forms[0].fields) if formset.forms else []
        for part in formset.new_objects:
            workflow.save_draft(part, names, request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        """A published part of another item (a statistic's value) is removed with its
        parent's next publishing, not at once."""
        if getattr(obj, "publishing_parent", None) and obj.is_published:
            workflow.remove_part(obj, request.user)
            messages.info(
                request,
                gettext(
                    "The removal is a draft: the public page shows the value until it is published."
                ),
            )
        else:
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            self.delete_model(request, item)

    def tell_removed_markup(self, request, form):
        """Name what cleaning removed from each rich text, so that nothing vanishes silently."""
        for name, field in form.fields.items():
            if not isinstance(field, RichTextFormField):
                continue
            removed = removed_markup(form.data.get(form.add_prefix(name)), form.cleaned_data[name])
            if removed:
                messages.warning(
                    request,
                    gettext("Saving removed from %(field)s: %(removed)s.")
                    % {"field": field.label, "removed": ", ".join(map(str, removed))},
                )

    # The change form's publishing buttons submit the form: what was typed is saved first.
    FORM_ACTIONS = ("publish", "submit", "send-back", "schedule", "expire", "unpublish")

    def response_change(self, request, obj):
        chosen = request.POST.get("_publishing")
        if "_submit" in request.POST:
            chosen = "submit"
        if chosen in self.FORM_ACTIONS:
            self.act_and_tell(request, obj, chosen)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def conflict_response(self, request, object_id, conflict):
        """For each field both changed: the version the form was opened on, theirs and mine,
        to choose between; everything else typed is kept in the form."""
        request.publishing_opens_draft = True
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        form = self.get_form(request, item, change=True)(instance=item)
        fields = {field.attname: field for field in item._meta.concrete_fields}
        rows, conflicting = [], set()
        for attname in conflict.conflicts:
            field = fields[attname]
            name = field.name
            conflicting.add(name)
            theirs = conflict.theirs.get(attname)
            rows.append(
                {
                    "name": name,
                    "label": field_label(field),
                    "base": shown(field, conflict.base.get(attname)),
                    "theirs": shown(field, theirs),
                    "theirs_value": form_value(form, name, theirs),
                    "mine": shown(field, conflict.mine.get(attname)),
                    "mine_value": request.POST.get(name, ""),
                }
            )
        skipped = {"csrfmiddlewaretoken", "publishing_seen", "publishing_resolved", *conflicting}
        kept = [
            (name, value)
            for name in request.POST
            if name not in skipped
            for value in request.POST.getlist(name)
        ]
        draft = workflow.draft_of(item)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": item,
            "title": _("Someone else saved %(item)s while you were editing") % {"item": item},
            "rows": rows,
            "kept": kept,
            "seen": conflict.seen,
            "saved_by": draft.updated_by if draft else None,
            "saved_at": draft.updated_at if draft else item.updated_at,
        }
        return TemplateResponse(request, "publishing/admin/conflict.html", context, status=409)

    def publishing_view(self, request, object_id, action):
        """The publishing actions (POST), and the confirmation page of discarding (GET)."""
        item = super().get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        opts = self.model._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
        if action == "discard":
            return self.discard_view(request, item, change)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.act_and_tell(request, item, action)
        return HttpResponseRedirect(change)

    def discard_view(self, request, item, change):
        """Discarding asks first, names what goes, and is for the draft's editors and
        publishers only; the discarded text stays in the item's history."""
        draft = workflow.draft_of(item)
        if draft is None:
            messages.info(request, gettext("There is no draft to discard."))
            return HttpResponseRedirect(change)
        if not workflow.may_discard(request.user, draft):
            raise PermissionDenied(
                gettext("Only the draft's editors or a publisher may discard it.")
            )
        if request.method == "POST" and request.POST.get("confirm") == "yes":
            self.act_and_tell(request, item, "discard")
            return HttpResponseRedirect(change)
        parts = workflow.part_drafts(item)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": item,
            "draft": draft,
            "discardable": workflow.discardable(item, draft, parts),
            "differences": differences(item, draft.data),
            "parts": parts,
            "change_url": change,
            "title": _("Discard the draft of %(item)s?") % {"item": item},
        }
        return TemplateResponse(request, "publishing/admin/discard.html", context)

    def act_and_tell(self, request, item, action):
        """Do a publishing action in one transaction and tell the editor how it went."""
        try:
            with transaction.atomic():
                done = self.act(request, item, workflow.draft_of(item), action)
        except (PermissionDenied, workflow.PublishingError) as refused:
            messages.error(request, str(refused))
            return
        if done:
            messages.success(request, done)

    def act(self, request, item, draft, action):
        user = request.user
        parts = workflow.part_drafts(item)
        pending = draft is not None or not item.is_published or parts
        if action == "publish" and pending:
            workflow.publish(item, draft, user, parts)
            return gettext("Published: the public pages show it now.")
        if action == "discard" and draft is not None:
            workflow.discard(item, draft, user, parts)
            return gettext("The draft is discarded. Its text stays in the history.")
        if action == "unpublish" and item.is_published:
            workflow.unpublish(item, user)
            return gettext("Unpublished: visitors no longer see it.")
        if action == "submit" and draft is not None:
            workflow.submit(item, draft, user)
            return gettext("The draft is submitted for review.")
        if action == "send-back" and draft is not None:
            comment = request.POST.get("publishing_comment", "").strip()
            if not comment:
                messages.error(request, gettext("Say in a comment what should change."))
                return None
            workflow.send_back(item, draft, user, comment, parts)
            return gettext("The draft is sent back with your comment.")
        if action == "schedule":
            when = moment(request.POST.get("publish_at"))
            if when is None or when <= timezone.now() or not pending:
                messages.error(
                    request, gettext("Give a time in the future, and save a draft first.")
                )
                return None
            workflow.schedule(item, draft, user, when, parts)
            return gettext("Scheduled.")
        if action == "expire":
            text = request.POST.get("expire_at", "")
            when = moment(text)
            if when is None and text.strip():
                messages.error(request, gettext("Give the expiry time as a date and time."))
                return None
            workflow.set_expiry(item, user, when)
            return gettext("The expiry time is saved.")
        if action in self.FORM_ACTIONS or action == "discard":
            messages.info(request, gettext("There is nothing to do: the item has no draft."))
            return None
        raise Http404

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
            notes = {}
            for note in RevisionNote.objects.filter(
                revision__in=[action["revision"] for action in actions]
            ):
                notes.setdefault(note.revision_id, []).append(note)
            for action in actions:
                revision = action["revision"]
                action["comment"] = " ".join(
                    [
                        *(note.describe() for note in notes.get(revision.pk, [])),
                        history_comment(revision.comment, models) if revision.comment else "",
                    ]
                ).strip()
        return response

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/publishing/<slug:action>/",
                self.admin_site.admin_view(self.publishing_view),
                name=f"{opts.app_label}_{opts.model_name}_publishing",
            ),
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


def restoring_item(item, version):
    """The item as the version saved it (in memory): its field values, nothing else."""
    stored = version.field_dict
    restored = copy.copy(item)
    names = [field.name for field in item._meta.concrete_fields]
    for field in workflow.drafted_fields(type(item), names):
        if field.attname in stored:
            setattr(restored, field.attname, stored[field.attname])
    return restored


def form_value(form, name, value):
    """A stored value as the form's field submits it (a related item by its key)."""
    prepared = form.fields[name].prepare_value(value) if name in form.fields else value
    return "" if prepared is None else str(prepared)


def moment(text):
    """An aware datetime from a datetime-local input (in the portal's time zone), or None
    (also for a date that does not exist, such as 30 February, which no browser sends)."""
    try:
        value = parse_datetime(text or "")
    except ValueError:
        return None
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def expiry_of(item):
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    return Expiry.objects.filter(content_type=content_type, object_id=item.pk).first()


def preview_links(item):
    """[(language code, name, URL)] of the item's preview in each language, if it has a page."""
    if not hasattr(item, "get_absolute_url"):
        return []
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    return [
        (
            code,
            name,
            reverse("admin:publishing_preview", args=[content_type.pk, item.pk, code]),
        )
        for code, name in settings.LANGUAGES
    ]


def preview(request, content_type_id, object_id, language):
    """The item's public page with its draft applied, in one language, for staff only.

    The draft is written to the item inside a transaction that is rolled back when the page
    is rendered: the public view renders it as it would after publishing, and nothing of it
    is kept (nor announced to the page cache, which hears of commits only).
    """
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if (
        model is None
        or not issubclass(model, ContentModel)
        or language not in dict(settings.LANGUAGES)
    ):
        raise Http404
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise PermissionDenied
    item = get_object_or_404(model, pk=object_id)
    with transaction.atomic(), translation.override(language):
        draft = workflow.draft_of(item)
        if draft is not None:
            workflow.apply(item, draft.data)
            item.save()
        public_path = item.get_absolute_url()
        match = resolve(public_path)
        request.LANGUAGE_CODE = language
        request.publishing_preview = {
            "draft": draft,
            "item": item,
            "languages": preview_links(item),
            "current": language,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]
            ),
        }
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)
    patch_cache_control(response, private=True, no_store=True)
    return response


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
    """For each content model, the items whose Swedish or English text is missing or out of
    date, naming the fields; each field links to its language's tab of the change form."""
    languages = completeness.other_languages()
    kinds = (completeness.MISSING, completeness.OUT_OF_DATE)
    sections = []
    totals = {code: dict.fromkeys(kinds, 0) for code in languages}
    for model in completeness.translated_models():
        opts = model._meta
        rows = []
        for item, gaps in completeness.incomplete_items(model):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
            fields = {
                code: {
                    kind: [
                        (opts.get_field(name).verbose_name, f"{url}#tab_id_{name}_{code}")
                        for name in names
                    ]
                    for kind, names in found.items()
                    if names
                }
                for code, found in gaps.items()
            }
            rows.append({"item": item, "url": url, "fields": fields})
        counts = {
            code: {kind: sum(kind in row["fields"].get(code, {}) for row in rows) for kind in kinds}
            for code in languages
        }
        for code, by_kind in counts.items():
            for kind, count in by_kind.items():
                totals[code][kind] += count
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
admin.site.register_index_panel("publishing/admin/index_dashboard.html")
admin.site.register_view(
    "publishing/preview/<int:content_type_id>/<int:object_id>/<slug:language>/",
    preview,
    "publishing_preview",
)


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
