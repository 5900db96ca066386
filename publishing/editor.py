"""The rich-text editor of the admin: django-prose-editor, offering exactly the markup that
publishing.richtext keeps (paragraphs, h2-h4, lists, links, strong, em, language marks)."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_prose_editor.config import DEFAULT_MENU_GROUPS
from django_prose_editor.widgets import AdminProseEditorWidget

from .richtext import ALLOWED_URL_SCHEMES, paste_report

LANGUAGE_BUTTONS = {
    "fi": _("Mark the passage as Finnish"),
    "sv": _("Mark the passage as Swedish"),
    "en": _("Mark the passage as English"),
}

# The package names its menu items in English only: these names (by item) replace them.
ITEM_NAMES = {
    "paragraph": _("Paragraph"),
    "heading2": _("Heading 2"),
    "heading3": _("Heading 3"),
    "heading4": _("Heading 4"),
    "bulletList": _("Bulleted list"),
    "orderedList": _("Numbered list"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "link": _("Insert link"),
    "unlink": _("Remove link"),
    "history:undo": _("Undo"),
    "history:redo": _("Redo"),
}


# The package's dialogs ("Edit Link", "List properties", …) ask window.gettext for their words:
# Django's JavaScript catalogue of publishing's djangojs translations (publishing/jsi18n/)
# gives them in the admin's language, added to the admin's own catalogue of the change form.
admin.site.register_view(
    "rich-text/jsi18n/", JavaScriptCatalog.as_view(packages=["publishing"]), "rich_text_jsi18n"
)


class RichTextWidget(AdminProseEditorWidget):
    """The package's admin widget, with the catalogue of its words in the admin's language."""

    @property
    def media(self):
        return super().media + forms.Media(js=[reverse("admin:rich_text_jsi18n")])


def rich_text_widget():
    return RichTextWidget(
        preset="configurable",
        config={
            "extensions": {
                "Heading": {"levels": [2, 3, 4]},
                "BulletList": True,
                "OrderedList": True,
                "ListItem": True,
                "Bold": True,
                "Italic": True,
                "HardBreak": True,
                "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
                "LanguageMark": {
                    "languages": [
                        {"code": code, "label": LANGUAGE_BUTTONS[code]}
                        for code, _name in settings.LANGUAGES
                    ],
                    "names": ITEM_NAMES,
                },
                "PasteReport": paste_report(),
                "Menu": {"groups": [*DEFAULT_MENU_GROUPS, {"group": "language"}]},
                # Editors write in three languages: the browser's spelling check helps.
                "NoSpellCheck": False,
            }
        },
    )
