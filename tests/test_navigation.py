"""Finding one's way: the current section in the menu, one breadcrumb pattern, one search box."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from organisation.models import Unit
from partners.models import Topic
from tests.helpers import elements
from tests.pages import public_pages

SECTIONS = ["organisation:index", "partners:index", "stats:index", "search"]


def menu(html):
    """{href: aria-current or None} of the main menu's links."""
    nav = html[html.index('<nav class="main-nav"') :]
    nav = nav[: nav.index("</nav>")]
    return {a["href"]: a.get("aria-current") for a in elements(nav, "a")}


def content_pages(lang):
    """(path, section) of a page of each kind under the menu's sections."""
    with translation.override(lang):
        unit = Unit.objects.published().order_by("pk").first()
        topic = Topic.objects.published().order_by("pk").first()
        return [
            (reverse("organisation:index"), "organisation:index"),
            (unit.get_absolute_url(), "organisation:index"),
            (reverse("partners:index"), "partners:index"),
            (topic.get_absolute_url(), "partners:index"),
            (reverse("partners:guide"), "partners:index"),
            (reverse("partners:organisers"), "partners:index"),
            (reverse("partners:service_channels"), "partners:index"),
            (reverse("partners:communications"), "partners:index"),
            (reverse("stats:index"), "stats:index"),
        ]


def test_the_menu_marks_the_current_section(client, loaded, lang):
    with translation.override(lang):
        links = {name: reverse(name) for name in SECTIONS}
    for path, section in content_pages(lang):
        marked = {
            href: current
            for href, current in menu(client.get(path).content.decode()).items()
            if current
        }
        expected = "page" if path == links[section] else "true"
        assert marked == {links[section]: expected}, path
    with translation.override(lang):
        home, search = reverse("home"), reverse("search")
    assert not any(menu(client.get(home).content.decode()).values())
    assert {h: c for h, c in menu(client.get(search).content.decode()).items() if c} == {
        search: "page"
    }


def test_every_content_page_has_the_same_breadcrumb_pattern(client, loaded, lang):
    with translation.override(lang):
        home = reverse("home")
    for path, section in content_pages(lang):
        html = client.get(path).content.decode()
        assert html.count('<nav class="breadcrumbs"') == 1, path
        nav = html[html.index('<nav class="breadcrumbs"') :]
        links = elements(nav[: nav.index("</nav>")], "a")
        assert links[0]["href"] == home, path
        # It ends at the page itself, marked as the current page.
        assert links[-1]["href"] == path and links[-1].get("aria-current") == "page", path
        assert all("aria-current" not in a for a in links[:-1]), path
        with translation.override(lang):
            if path != reverse(section):
                assert links[1]["href"] == reverse(section), path


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_one_search_box_on_every_page(client, loaded, lang):
    for label, path in public_pages(lang):
        html = client.get(path).content.decode()
        boxes = [i for i in elements(html, "input") if i.get("type") == "search"]
        assert len(boxes) == 1, f"{label} {path}"


PUBLISHER = {
    "fi": (
        "Julkaisija: Kansaneläkelaitos Kela",
        "Portaalin julkaisee Kansaneläkelaitos Kela.",
    ),
    "sv": (
        "Utgivare: Folkpensionsanstalten FPA",
        "Portalen ges ut av Folkpensionsanstalten FPA.",
    ),
    "en": (
        "Publisher: Kela, the Social Insurance Institution of Finland",
        "This portal is published by Kela, the Social Insurance Institution of Finland.",
    ),
}


def text_of(html, start, end):
    part = html[html.index(start) :]
    return " ".join(re.sub(r"<[^>]+>", " ", part[: part.index(end)]).split())


@pytest.mark.parametrize("name", ["home", "organisation:index", "feedback"])
def test_header_and_footer_name_kela_as_the_publisher_with_its_contact_page(
    client, loaded, lang, name
):
    with translation.override(lang):
        html = client.get(reverse(name)).content.decode()
        contact = reverse("contact")
    header_html = html[html.index('<header class="site-header">') : html.index("</header>")]
    footer_html = html[html.index('<footer class="site-footer">') :]
    in_header, in_footer = PUBLISHER[lang]
    assert in_header in text_of(html, "<header", "</header>")
    assert in_footer in text_of(footer_html, "<footer", "</footer>")
    publisher = header_html[header_html.index('<p class="publisher">') :]
    publisher = publisher[: publisher.index("</p>")]
    assert [a["href"] for a in elements(publisher, "a")] == [contact]
    assert contact in [a["href"] for a in elements(footer_html, "a")]
