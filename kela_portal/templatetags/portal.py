import functools
import sys

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kela_portal.fragments import remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context, origin):
    """The current page in each language (Alternates), for the language menu and the head's
    alternate links; origin is the request's scheme and host, for the latter.

    A view whose page shows one object with translated slugs puts it in the context as
    `alternate_object`; its get_absolute_url() is asked in each language. Other pages are
    reversed in each language from the view and arguments their path resolved to, with the
    query string kept. A path that resolves to no view (a 404) leads to the home page of the
    other languages, and so does one that would not stay on this site (a path like
    //evil.example/fi/ reads as a link to another host).

    The links of a page are worked out once per content version (slugs are content) and kept
    in this worker's memory (kela_portal.fragments); error pages work theirs out each time,
    so that addresses of no page cannot fill that memory.
    """
    request = context.get("request")
    obj = context.get("alternate_object")
    match = getattr(request, "resolver_match", None)
    if obj is not None:
        key = ("language-links", obj._meta.label, obj.pk)
        links = remembered(request, key, lambda: language_links(obj.get_absolute_url), links_size)
        return Alternates(links, origin)
    if match is None:
        path = request.get_full_path() if request is not None else "/"
        return Alternates(language_links(functools.partial(reverse, "home"), here=path), origin)

    def page():
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)

    if context.get("hide_alternates"):
        links = language_links(page)
    else:
        key = ("language-links", match.view_name, match.args, *sorted(match.kwargs.items()))
        links = remembered(request, key, lambda: language_links(page), links_size)
    return Alternates(links, origin, request.META.get("QUERY_STRING", ""))


def language_links(url, here=None):
    """The links to a page in each language, as (code, own name, path, whether current), the
    name and path escaped for HTML. url() is the page's path in the active language, and here,
    when given, the current language's own. A language in which the page has no path of its
    own (none, or this language's) links to its home page, and so does any whose path would
    not stay on this site."""
    current = translation.get_language()
    own = here if here is not None else path_or_none(url)
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            path = own if code == current else path_or_none(url)
            if path is None or not is_site_path(path) or (code != current and path == own):
                path = reverse("home")
        name = translation.get_language_info(code)["name_local"].capitalize()
        links.append((code, escape(name), escape(path), code == current))
    return links


def path_or_none(url):
    try:
        return url()
    except NoReverseMatch:
        return None


def links_size(links):
    """Bytes of a page's links in memory, roughly."""
    return sys.getsizeof(links) + sum(
        sys.getsizeof(link) + sum(map(sys.getsizeof, link)) for link in links
    )


class Alternates:
    """A page in each language: the language menu's items and the head's alternate links.

    They are on every page, so they are written with plain string formatting from the links'
    escaped parts: format_html or a template loop per link would cost more than the rest of
    the page's head and header.
    """

    def __init__(self, links, origin, query=""):
        self.links = links
        self.origin = escape(origin)
        self.query = escape(f"?{iri_to_uri(query)}") if query else ""

    def head(self):
        """<link rel="alternate"> to the page in each language, and x-default to the default
        language's."""
        rows = []
        for code, _name, path, _current in self.links:
            href = f"{self.origin}{path}{self.query}"
            rows.append(f'<link rel="alternate" hreflang="{code}" href="{href}">\n')
            if code == settings.LANGUAGE_CODE:
                rows.append(f'<link rel="alternate" hreflang="x-default" href="{href}">\n')
        return mark_safe("".join(rows))  # noqa: S308 - every part is escaped

    def menu(self):
        """The language menu's items, each language named in itself."""
        return mark_safe(  # noqa: S308 - every part is escaped
            "".join(
                f'<li><a href="{path}{self.query}" lang="{code}" hreflang="{code}"'
                f"{CURRENT if current else ''}>{name}</a></li>\n      "
                for code, name, path, current in self.links
            )
        )


CURRENT = ' aria-current="true"'


@register.simple_tag(takes_context=True)
def request_origin(context):
    """The scheme and host of the request ("https://example.org"), for absolute links; empty
    without a request."""
    request = context.get("request")
    return f"{request.scheme}://{request.get_host()}" if request is not None else ""


def is_site_path(url):
    """Whether a link to url stays on this site: a path with a single leading slash.

    Browsers read "//host/..." and "/\\host/..." as links to another host.
    """
    return url.startswith("/") and not url.startswith(("//", "/\\"))


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form):
    """GOV.UK's error summary for a form with errors: every message, each field's linked.

    A field's link leads to its first input (the first radio button of a group), which the
    browser focuses when it follows the link. The summary has autofocus, so it takes focus
    when the page loads, without JavaScript; static/js/error-summary.js only adds scrolling
    the field's label or legend into view, as GOV.UK's script does.
    """
    errors = [{"message": message, "target": ""} for message in form.non_field_errors()]
    for field in form:
        target = field.subwidgets[0].id_for_label if field.subwidgets else field.auto_id
        errors += [{"message": message, "target": target} for message in field.errors]
    return {"errors": errors}


@register.simple_tag
def error_prefix(form):
    """The page title's prefix when the form on the page has errors ("Error: " in English)."""
    return _("Error:") + " " if form.errors else ""


@register.tag
def fragment(parser, token):
    """{% fragment "name" value… %}…{% endfragment %}: rendered once per content version,
    language and values (kela_portal.fragments); only for what depends on nothing else."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parts)


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        key = ("fragment", *(part.resolve(context) for part in self.parts))
        return remembered(context.get("request"), key, lambda: self.nodelist.render(context))
