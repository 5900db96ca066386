from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def search_results(results, start):
    """The list of results, numbered from `start`: each its title linked, what it is, and its
    snippet (HTML already) when its text has one. Written here rather than as a loop in the
    template, where each result's dozen tags cost as much as the rest of the page's template
    together; the text is escaped as Django's templates escape it (html.escape)."""
    recommended = escape(gettext("Recommended"))
    in_finnish = escape(gettext("not yet translated, shown in Finnish"))
    items = []
    for result in results:
        lang = ' lang="fi"' if result.is_fallback else ""  # untranslated: its Finnish text
        about = [recommended] if result.recommended else []
        about.append(escape(capfirst(result.kind)))
        if result.is_fallback:
            about.append(in_finnish)
        snippet = f"\n      <p{lang}>{result.snippet}</p>" if result.snippet else ""
        items.append(
            f'<li>\n      <h2><a href="{escape(result.url)}"{lang}>{escape(result.title)}</a></h2>'
            f'\n      <p class="muted">{" · ".join(about)}</p>{snippet}\n    </li>\n    '
        )
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<ol class="search-results" start="{int(start)}">\n    {"".join(items)}\n  </ol>'
    )
