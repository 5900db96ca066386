"""Every public page type, in a language: the list the browser tests walk."""

from django.urls import reverse
from django.utils import translation


def public_pages(lang):
    """(label, path) of every public page type in the language, content loaded."""
    with translation.override(lang):
        pages = [
            ("home", reverse("home")),
            ("organisation", reverse("organisation:index")),
            ("partners", reverse("partners:index")),
            ("statistics", reverse("stats:index")),
            ("accessibility statement", reverse("accessibility")),
            ("feedback form", reverse("feedback")),
            ("feedback confirmation", reverse("feedback_thanks")),
            ("not found", f"/{lang}/no-such-page/"),
        ]
    return pages
