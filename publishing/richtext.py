"""Rich text allow-list, enforced with nh3 when saving and again when rendering."""

import re
from collections import Counter
from html.parser import HTMLParser
from itertools import groupby

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

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


_LIST_ITEM = re.compile(r"^\s*[-*•]\s+")


def plain_text_html(text):
    """Plain text as rich text: each block (between blank lines) a paragraph, its lines that
    begin with "- ", "* " or "• " a bulleted list, other line breaks kept; every character
    escaped once, so the text reads as it was typed."""
    html = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        for listed, group in groupby(lines, key=lambda line: bool(_LIST_ITEM.match(line))):
            if listed:
                items = "".join(
                    f"<li>{escape(_LIST_ITEM.sub('', line).strip())}</li>" for line in group
                )
                html.append(f"<ul>{items}</ul>")
            else:
                html.append(f"<p>{'<br>'.join(escape(line.strip()) for line in group)}</p>")
    return clean_html("".join(html))


class _Markup(HTMLParser):
    """The markup of an HTML text: its elements, the attributes (with a value) of the allowed
    ones, its links and its language marks, each counted."""

    def __init__(self, value):
        super().__init__()
        self.tags, self.attributes, self.links, self.languages = (Counter() for _ in range(4))
        self.feed(value)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        if tag not in ALLOWED_TAGS:
            return
        for name, value in attrs:
            if not value:
                continue  # nothing is lost with an empty attribute (the editor's link title)
            if name == "href":
                self.links[value] += 1
            elif name == "lang":
                self.languages[value] += 1
            else:
                self.attributes[name] += 1


# Tags that only ever come as parts of a table: the table names them all.
_TABLE_PARTS = {"caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
_TAG_NAMES = {
    "table": _("a table"),
    "script": _("a script"),
    "style": _("style rules"),
    "img": _("an image"),
    "iframe": _("an embedded page"),
    "form": _("a form"),
}


def tag_name(tag):
    """How the editor is told of an element: "a table (<table>)"."""
    return format_lazy("{} (<{}>)", _TAG_NAMES.get(tag, _("an element")), tag)


def paste_report():
    """What the editor's paste message needs (publishing/static/publishing/admin/rich_text.js):
    the allowed tags, the names of the others and the message."""
    return {
        "allowed": sorted(ALLOWED_TAGS),
        "tableParts": sorted(_TABLE_PARTS),
        "names": {tag: tag_name(tag) for tag in _TAG_NAMES},
        "element": tag_name("TAG"),
        "message": _("Pasting removed: %(removed)s."),
    }


def removed_markup(submitted, cleaned):
    """What cleaning dropped from a submitted text, for the editor: "a table (<table>)"."""
    before, after = _Markup(submitted or ""), _Markup(cleaned or "")
    tags = before.tags - after.tags
    if "table" in tags:
        tags = Counter({tag: count for tag, count in tags.items() if tag not in _TABLE_PARTS})
    removed = [tag_name(tag) for tag in tags]
    removed += [
        _("the attribute %(name)s") % {"name": name}
        for name in before.attributes - after.attributes
        if name != "rel"  # nh3 sets the rel of every link itself
    ]
    removed += [_("a link to %(url)s") % {"url": url} for url in before.links - after.links]
    removed += [
        _("a language mark “%(code)s”") % {"code": code}
        for code in before.languages - after.languages
    ]
    return removed
