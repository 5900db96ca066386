"""The pages about the portal: the privacy notice and the accessibility statement, in three
languages, editable with history, and linked where a visitor needs them."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from pages.models import Page
from tests.helpers import elements
from tests.test_admin_editing import admin_url, form_data, text_of

# What GDPR Articles 13 and 14 ask the notice to say, as headings in each language.
PRIVACY_SECTIONS = {
    "fi": [
        "Rekisterinpitäjä",
        "Käsittelyn tarkoitus",
        "Käsittelyn oikeusperuste",
        "Mitä tietoja tallennetaan",
        "Kuinka kauan tietoja säilytetään",
        "Kuka tiedot näkee",
        "Oikeutesi",
        "Valvontaviranomainen",
    ],
    "sv": [
        "Personuppgiftsansvarig",
        "Ändamål",
        "Rättslig grund",
        "Vilka uppgifter som sparas",
        "Hur länge uppgifterna sparas",
        "Vem som ser uppgifterna",
        "Dina rättigheter",
        "Tillsynsmyndighet",
    ],
    "en": [
        "Controller",
        "Purpose",
        "Legal basis",
        "What is stored",
        "How long the data are kept",
        "Who sees the data",
        "Your rights",
        "Supervisory authority",
    ],
}
OMBUDSMAN = {
    "fi": "tietosuojavaltuutettu",
    "sv": "dataombudsmannen",
    "en": "Data Protection Ombudsman",
}
RETENTION = {"fi": "24 kuukauden", "sv": "24 månader", "en": "24 months"}
FEEDBACK_PATHS = {"fi": "/fi/palaute/", "sv": "/sv/respons/", "en": "/en/feedback/"}


def headings(html):
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]


def privacy_path(lang):
    with translation.override(lang):
        return reverse("privacy")


def test_privacy_notice_exists_in_three_languages(client, loaded, lang):
    html = text_of(client.get(privacy_path(lang)))
    assert re.search(r'<html lang="' + lang, html)
    assert "untranslated-notice" not in html, "each language has its own text"
    found = headings(html)
    assert [s for s in PRIVACY_SECTIONS[lang] if s not in found] == []
    assert OMBUDSMAN[lang] in html
    assert RETENTION[lang] in html


def test_privacy_notice_is_linked_from_the_feedback_form_beside_the_contact_fields(
    client, loaded, lang
):
    html = text_of(client.get(FEEDBACK_PATHS[lang]))
    fieldset = re.search(r"<fieldset[^>]*>.*?</fieldset>", html, re.S).group(0)
    assert f'href="{privacy_path(lang)}"' in fieldset
    assert 'name="name"' in fieldset and 'name="email"' in fieldset
    assert elements(fieldset, "fieldset")[0]["aria-describedby"] == "privacy-hint"


def test_every_page_links_the_privacy_notice_and_the_statement_in_its_footer(client, loaded, lang):
    with translation.override(lang):
        paths = [reverse("home"), reverse("stats:index"), reverse("search")]
        wanted = {reverse("privacy"), reverse("accessibility")}
    for path in paths:
        footer = re.search(r"<footer.*?</footer>", text_of(client.get(path)), re.S).group(0)
        assert wanted <= {a["href"] for a in elements(footer, "a")}, path


STATEMENT = {
    "fi": [
        "ylläpitonäkymä",
        "Sisältö, joka ei vielä ole saavutettavaa",
        "Automaattiset tarkistukset",
        "Manuaalinen arviointi",
        "Vaihtoehto",
        "Traficom",
    ],
    "sv": [
        "administrationsvy",
        "Innehåll som ännu inte är tillgängligt",
        "Automatiska kontroller",
        "Manuell granskning",
        "Alternativ",
        "Traficom",
    ],
    "en": [
        "admin",
        "Content that is not yet accessible",
        "Automated checks",
        "Manual review",
        "Alternative",
        "Traficom",
    ],
}


def test_accessibility_statement_covers_the_admin_and_what_is_not_accessible(client, loaded, lang):
    with translation.override(lang):
        html = text_of(client.get(reverse("accessibility")))
    assert [text for text in STATEMENT[lang] if text not in html] == []
    assert "untranslated-notice" not in html
    assert "modeltranslation" in html
    for claim in ["no content that is not accessible", "The portal meets the accessibility"]:
        assert claim not in html


def test_the_privacy_notice_is_edited_in_the_admin_with_history(
    admin_client, client, loaded, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISHING_FOUR_EYES = False  # review has tests of its own
    page = Page.objects.get(key="privacy")
    url = admin_url(page)
    before = Version.objects.get_for_object(page).count()
    response = admin_client.post(url, form_data(admin_client, url, title_sv="Ny rubrik"))
    assert response.status_code == 302
    assert "Ny rubrik" not in text_of(client.get(privacy_path("sv")))  # a draft, until published
    publish = url.replace("/change/", "/publishing/publish/")
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(publish).status_code == 302
    assert Version.objects.get_for_object(page).count() == before + 2  # the draft, the publishing
    assert "Ny rubrik" in text_of(client.get(privacy_path("sv")))


@pytest.mark.parametrize("key", ["accessibility", "privacy"])
def test_an_unpublished_page_is_hidden(client, loaded, key):
    Page.objects.filter(key=key).update(is_published=False)
    with translation.override("fi"):
        assert client.get(reverse(key)).status_code == 404
