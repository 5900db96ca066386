"""No stub pages: every unit page shows the unit's place in Kela and what the sources say."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from organisation.content import load
from organisation.models import Unit
from publishing.importing import Importer
from publishing.models import AdminLanguage
from publishing.richtext import plain_text_html
from tests.helpers import elements


@pytest.fixture
def units(db):
    load(Importer())


def main_links(html):
    """The hrefs of the links in the page's content, its breadcrumbs left out."""
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'<nav class="breadcrumbs".*?</nav>', "", main, flags=re.S)
    return [a["href"] for a in elements(main, "a")]


def test_no_unit_page_has_fewer_than_three_links_to_other_units(client, units, lang):
    with translation.override(lang):
        pages = {unit.get_absolute_url() for unit in Unit.objects.all()}
    assert len(pages) == 21
    for url in sorted(pages):
        links = {href for href in main_links(client.get(url).content.decode()) if href in pages}
        assert len(links - {url}) >= 3, url


PLACE = {
    "fi": "Valtakunnallinen palvelukeskus, osa yksikköä Valtakunnalliset asiakkuudet",
    "sv": "Riksomfattande servicecenter inom Riksomfattande kundbetjäning",
    "en": "Nationwide customer service unit in Nationwide Customer Service",
}


def test_a_unit_page_stands_alone_and_links_the_unit_above_once(client, units, lang):
    """The unit's place in Kela in one line, its own text, one link to the unit above (in the
    breadcrumbs): neither the unit above's text nor the same link again and again."""
    with translation.override(lang):
        pensions = Unit.objects.get(key="pensions-and-international-affairs-unit")
        business = Unit.objects.get(key="nationwide-customer-service")
        url, business_url = pensions.get_absolute_url(), business.get_absolute_url()
        business_text = business.responsibilities
        siblings = {u.get_absolute_url() for u in Unit.objects.filter(parent=business)}
    html = client.get(url).content.decode()
    links = [a["href"] for a in elements(html, "a")]
    assert links.count(business_url) == 1
    assert re.search(r'<p class="unit-place">(.*?)</p>', html).group(1) == PLACE[lang]
    assert plain_text(business_text) not in plain_text(html)
    assert siblings - {url} <= set(main_links(html))


def plain_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_unit_pages_keep_to_one_query_however_many_units(
    client, units, lang, django_assert_max_num_queries
):
    with translation.override(lang):
        url = Unit.objects.get(key="pensions-and-international-affairs-unit").get_absolute_url()
        parent = Unit.objects.get(key="nationwide-customer-service")
    Unit.objects.bulk_create(
        Unit(
            key=f"extra-{n}",
            kind="other",
            parent=parent,
            name_fi=f"Lisäyksikkö {n}",
            slug_fi=f"lisa-{n}",
            slug_sv=f"extra-sv-{n}",
            slug_en=f"extra-{n}",
            summary_fi="x",
            order=100 + n,
        )
        for n in range(50)
    )
    cache.clear()  # bulk_create sends no signals
    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert "Lisäyksikkö 49" in response.content.decode()


# The responsibilities of the Communications Unit as organisation/data/units.json held them in
# plain text.
COMMUNICATIONS = {
    "fi": "Viestintäyksikkö vastaa viestinnästä asiakkaille, medialle ja henkilöstölle.",
    "sv": "Kommunikationsenheten ansvarar för kommunikationen till kunderna, medierna och "
    "personalen.",
    "en": "The Communications Unit is responsible for delivering communications to clients, "
    "media and staff.",
}


def test_unit_responsibilities_have_the_rich_text_editor_in_each_language(
    client, units, django_user_model
):
    """The responsibilities of a unit are written with the same rich-text editor as a topic's
    body, in each language's column, whatever the admin's language."""
    unit = Unit.objects.get(key="nationwide-customer-service")
    admin = django_user_model.objects.create_superuser("admin", "admin@kela.example", "x" * 16)
    client.force_login(admin)
    url = reverse("admin:organisation_unit_change", args=[unit.pk])
    for language in ("fi", "sv"):
        AdminLanguage.objects.update_or_create(user=admin, defaults={"language": language})
        response = client.get(url)
        assert response["Content-Language"] == language
        areas = {area["name"]: area for area in elements(response.content.decode(), "textarea")}
        for column in ("responsibilities_fi", "responsibilities_sv", "responsibilities_en"):
            assert "data-django-prose-editor-configurable" in areas[column], (language, column)


def test_unit_responsibilities_read_as_before_on_the_public_page(client, units, lang):
    """The responsibilities, now rich text, read on the unit's page as the plain text did:
    one paragraph, characters neither lost nor escaped twice."""
    with translation.override(lang):
        unit = Unit.objects.get(key="communications-unit")
        url = unit.get_absolute_url()
    html = client.get(url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count(f"<p>{COMMUNICATIONS[lang]}</p>") == 1
    assert "<p><p>" not in main and "&lt;" not in main


def test_plain_responsibilities_become_safe_paragraphs_and_lists():
    """The migration's conversion: each block a paragraph, dashed lines a list, line breaks
    kept, and every character of the plain text shown as typed (escaped once)."""
    text = "Vastaa A & B <tiedoista>.\r\nToinen rivi.\n\n- yksi\n- kaksi\n\nLoppu"
    assert plain_text_html(text) == (
        "<p>Vastaa A &amp; B &lt;tiedoista&gt;.<br>Toinen rivi.</p>"
        "<ul><li>yksi</li><li>kaksi</li></ul><p>Loppu</p>"
    )
    assert plain_text_html("") == ""
