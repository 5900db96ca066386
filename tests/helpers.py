"""Small helpers shared by the tests: parsing pages a user sees."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html, tag):
    """The attribute dicts of every <tag> element in the HTML."""
    collector = _Collector()
    collector.feed(html)
    return [attrs for name, attrs in collector.elements if name == tag]


def language_links(html):
    """{language code: href} of the language switcher."""
    return {a["hreflang"]: a["href"] for a in elements(html, "a") if "hreflang" in a}
