from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from kela_portal.fragments import remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in each language: code, own name, URL and whether it is current.

    A view whose page shows one object with translated slugs puts it in the context as
    `alternate_object`; its get_absolute_url() is asked in each language. Other pages
    are translated with Django's translate_url; a path that resolves in no language
    (a 404) leads to the home page of the other language, and so does one that would not
    stay on this site (a path like //evil.example/fi/ reads as a link to another host).
    """
    request = context.get("request")
    obj = context.get("alternate_object")
    current = translation.get_language()
    path = request.get_full_path() if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        if obj is not None:
            with translation.override(code):
                url = obj.get_absolute_url()
        else:
            url = translate_url(path, code)
            if (url == path and code != current) or not is_site_path(url):
                with translation.override(code):
                    url = reverse("home")
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"].capitalize(),
                "url": url,
                "current": code == current,
            }
        )
    return links


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
