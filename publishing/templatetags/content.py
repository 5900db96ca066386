"""Template tags for content: translated fields marked with their language, rich text."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from publishing.richtext import clean_html

register = template.Library()


@register.simple_tag
def translated(obj, field, rich=False, lang=""):
    """A translated field of obj in the page language, marked when it is not translated yet.

    modeltranslation's configured fallback gives the Finnish text when the page language's
    own column is empty; this tag wraps that text in lang="fi" (so screen readers pronounce
    it right) and adds a short notice in the page language. rich=True renders cleaned HTML.
    lang names the language the text is in on every page (a Finnish name kept in Swedish
    and English, say); it is marked when it is not the page language.
    """
    value = getattr(obj, field)
    if not value:
        return ""
    content = mark_safe(clean_html(value)) if rich else value  # noqa: S308 - cleaned by nh3
    language = translation.get_language()
    own = getattr(obj, build_localized_fieldname(field, language), None)
    tag = "div" if rich else "span"
    if own or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        if lang and lang != language:
            return format_html('<{} lang="{}">{}</{}>', tag, lang, content, tag)
        return content
    return format_html(
        '<{} lang="{}">{}</{}> <span class="untranslated-notice">{}</span>',
        tag,
        settings.MODELTRANSLATION_DEFAULT_LANGUAGE,
        content,
        tag,
        _("(Not yet translated: shown in Finnish.)"),
    )


@register.filter
def richtext(value):
    """Render stored rich text, cleaned again to the allow-list."""
    return mark_safe(clean_html(value))  # noqa: S308 - cleaned by nh3
