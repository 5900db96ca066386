"""The rich-text editor of the admin: django-prose-editor, offering exactly the markup that
publishing.richtext keeps (paragraphs, h2-h4, lists, links, strong, em, language marks)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import DEFAULT_MENU_GROUPS
from django_prose_editor.widgets import AdminProseEditorWidget

from .richtext import ALLOWED_URL_SCHEMES

LANGUAGE_BUTTONS = {
    "fi": _("Mark the passage as Finnish"),
    "sv": _("Mark the passage as Swedish"),
    "en": _("Mark the passage as English"),
}

# The package names its buttons in English only: these names replace them.
BUTTON_NAMES = {
    "heading 2": _("Heading 2"),
    "heading 3": _("Heading 3"),
    "heading 4": _("Heading 4"),
    "paragraph": _("Paragraph"),
    "unordered list": _("Bulleted list"),
    "ordered list": _("Numbered list"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "insert link": _("Insert link"),
    "remove link": _("Remove link"),
    "undo": _("Undo"),
    "redo": _("Redo"),
}


def rich_text_widget():
    return AdminProseEditorWidget(
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
                    "labels": BUTTON_NAMES,
                },
                "Menu": {"groups": [*DEFAULT_MENU_GROUPS, {"group": "language"}]},
                # Editors write in three languages: the browser's spelling check helps.
                "NoSpellCheck": False,
            }
        },
    )
