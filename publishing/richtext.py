"""Rich text allow-list, enforced with nh3 when saving and again when rendering."""

import nh3
from django.conf import settings

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "a", "strong", "em", "h2", "h3", "h4", "span"}
# lang marks a passage in another language (a Finnish name in Swedish text, say), so that
# screen readers pronounce it in that language.
ALLOWED_ATTRIBUTES = {"*": {"lang"}, "a": {"href"}}
ALLOWED_LANGUAGES = {code for code, _name in settings.LANGUAGES}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _allowed_value(tag, attribute, value):
    return value if attribute != "lang" or value in ALLOWED_LANGUAGES else None


def clean_html(value):
    """Keep only the allowed markup: no script, style, event handler or javascript: URL."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_allowed_value,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
