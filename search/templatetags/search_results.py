from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()

# A result: its title linked, what it is, and its snippet paragraph when its text has one.
RESULT = (
    '<li>\n      <h2><a href="{}"{}>{}</a></h2>\n      <p class="muted">{}</p>{}\n    </li>\n    '
)
SNIPPET = "\n      <p{}>{}</p>"


@register.simple_tag
def search_results(results, start):
    """The list of results, numbered from `start`, each result's snippet being safe HTML
    already. Written here rather than as a loop in the template, where each result's dozen
    tags cost as much as the rest of the page's template together; format_html escapes every
    text put in, as the templates would."""
    # An untranslated result shows its Finnish title and text: a screen reader reads them so.
    in_finnish = format_html(' lang="{}"', settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    recommended = gettext("Recommended")
    untranslated = gettext("not yet translated, shown in Finnish")
    items = []
    for result in results:
        lang = in_finnish if result.is_fallback else ""
        about = [recommended] if result.recommended else []
        about.append(capfirst(result.kind))
        if result.is_fallback:
            about.append(untranslated)
        snippet = format_html(SNIPPET, lang, result.snippet) if result.snippet else ""
        items.append((result.url, lang, result.title, " · ".join(about), snippet))
    return format_html(
        '<ol class="search-results" start="{}">\n    {}\n  </ol>',
        int(start),
        format_html_join("", RESULT, items),
    )
