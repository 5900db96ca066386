import functools
import sys

from django import template
from django.conf import settings
from django.template.loader_tags import BlockNode
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _

from kela_portal.fragments import remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in each language (Alternates), for the head's links and the language
    menu.

    A view whose page shows one object with translated slugs puts it in the context as
    `alternate_object`; its get_absolute_url() is asked in each language. Other pages are
    reversed in each language from the view and arguments their path resolved to, with the
    query string kept. A path that resolves to no view (a 404) leads to the home page of the
    other languages, and so does one that would not stay on this site (a path like
    //evil.example/fi/ reads as a link to another host). Error pages (`hide_alternates`)
    have no alternate links in their head.

    The links of a page are worked out once per content version (slugs are content) and kept
    in this worker's memory (kela_portal.fragments); error pages work theirs out each time,
    so that addresses of no page cannot fill that memory.
    """
    request = context.get("request")
    obj = context.get("alternate_object")
    match = getattr(request, "resolver_match", None)
    hidden = bool(context.get("hide_alternates"))
    if obj is not None:
        key = ("language-links", obj._meta.label, obj.pk)
        links = remembered(request, key, lambda: language_links(obj.get_absolute_url), links_size)
        return Alternates(links, request, hidden=hidden)
    if match is None:
        path = request.get_full_path() if request is not None else "/"
        return Alternates(
            language_links(functools.partial(reverse, "home"), here=path), request, hidden=hidden
        )

    def url():
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)

    if hidden:
        return Alternates(language_links(url), request, hidden=True)
    key = ("language-links", match.view_name, match.args, *sorted(match.kwargs.items()))
    links = remembered(request, key, lambda: language_links(url), links_size)
    return Alternates(links, request, request.META.get("QUERY_STRING", ""))


def language_links(url, here=None):
    """The links to a page in each language, as (code, own name, path, whether current).
    url() is the page's path in the active language, and here,
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
        links.append((code, name, path, code == current))
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
    """A page in each language, for the head's links (the page's canonical address, and its
    address in each language) and the language menu's items (templates/base.html)."""

    def __init__(self, links, request, query="", hidden=False):
        """request: the page's; query: its query string, kept in the links; hidden: no
        alternate links in the head (error pages)."""
        self.links = links
        self.origin = request_origin(request) if request is not None else ""
        self.address = f"{self.origin}{request.path}" if request is not None else ""
        self.query = f"?{iri_to_uri(query)}" if query else ""
        self.hidden = hidden

    def head_links(self):
        """(hreflang, address) of the page in each language, and x-default for the default
        language's; none on error pages."""
        if self.hidden:
            return []
        rows = []
        for code, _name, path, _current in self.links:
            href = f"{self.origin}{path}{self.query}"
            rows.append((code, href))
            if code == settings.LANGUAGE_CODE:
                rows.append(("x-default", href))
        return rows

    def menu_items(self):
        """(code, the language's name in itself, address, whether current) for each language."""
        return [
            (code, name, f"{path}{self.query}", current) for code, name, path, current in self.links
        ]


def request_origin(request):
    """The scheme and host of the request ("https://example.org"), for absolute links."""
    return f"{request.scheme}://{request.get_host()}"


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
    if nodelist.get_nodes_by_type(BlockNode):  # its page's own block would be shared
        raise template.TemplateSyntaxError("{% fragment %} cannot hold a {% block %}")
    return FragmentNode(nodelist, parts)


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        key = ("fragment", *(part.resolve(context) for part in self.parts))
        return remembered(context.get("request"), key, lambda: self.nodelist.render(context))
