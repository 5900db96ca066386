"""Contact details from public sources: the privacy notice identifies the controller and its data
protection officer with their contact details (GDPR Art. 13(1)(a)-(b)), the accessibility
statement gives the supervisory authority's, and a contact page linked from every page gives
all of them, each with its source page and the day it was checked."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.helpers import elements
from tests.test_admin_editing import text_of

CONTROLLER = {
    "fi": ("Kansaneläkelaitos (Kela)", "PL 450, 00056 KELA", "Nordenskiöldinkatu 12"),
    "sv": ("Folkpensionsanstalten (FPA)", "PB 450, 00056 Helsingfors", "Nordenskiöldsgatan 12"),
    "en": (
        "Social Insurance Institution of Finland",
        "PL 450, 00056 KELA",
        "Nordenskiöldinkatu 12",
    ),
}
DPO = {"fi": "tietosuojavastaava", "sv": "dataskyddsombud", "en": "data protection officer"}
OMBUDSMAN = {"fi": "PL 800, 00531 Helsinki", "sv": "PB 800, 00531 Helsingfors", "en": "PL 800"}


def page(client, lang, name):
    with translation.override(lang):
        return text_of(client.get(reverse(name)))


def test_the_privacy_notice_names_the_controller_and_the_data_protection_officer(
    client, loaded, lang
):
    html = page(client, lang, "privacy")
    for text in CONTROLLER[lang]:
        assert text in html
    assert DPO[lang] in html
    assert 'href="mailto:tietosuoja@kela.fi"' in html
    assert OMBUDSMAN[lang] in html and "tietosuoja@om.fi" in html
    assert "does not give" not in html and "ei anna" not in html and "anger inte" not in html


def test_the_accessibility_statement_names_the_supervisory_authority_and_how_to_reach_it(
    client, loaded, lang
):
    html = page(client, lang, "accessibility")
    assert "Traficom" in html
    assert 'href="https://www.saavutettavuusvaatimukset.fi/"' in html
    assert "does not give" not in html and "ei anna" not in html and "anger inte" not in html


PARTNER_LINE = {
    "fi": "maanantaista perjantaihin klo 9–15",
    "sv": "måndag–fredag kl. 9–15",
    "en": "Monday to Friday 9 am to 3 pm",
}


def test_the_contact_page_gives_every_contact_with_its_source_and_date(client, loaded, lang):
    html = page(client, lang, "contact")
    main = html[html.index("<main") : html.index("</main>")]
    for text in (*CONTROLLER[lang], "tietosuoja@kela.fi", "020 692 235", "tietosuoja@om.fi"):
        assert text in main
    assert PARTNER_LINE[lang] in main
    assert "https://www.kela.fi/omakela" in main and "Traficom" in main
    checked = {"fi": "7. joulukuuta 2026", "sv": "7 december 2026", "en": "7 December 2026"}[lang]
    assert main.count(checked) >= 6, "each contact says when it was checked"


@pytest.mark.parametrize("name", ["home", "privacy", "organisation:index"])
def test_every_page_links_the_contact_page_in_its_footer(client, loaded, lang, name):
    html = page(client, lang, name)
    footer = html[html.index("<footer") :]
    with translation.override(lang):
        assert reverse("contact") in {a["href"] for a in elements(footer, "a")}
