"""Wording a careful Finnish and Swedish reader expects, and the source facts the pages give."""

import json
import re

import polib
from django.urls import reverse
from django.utils import translation

from organisation.models import Unit
from partners.models import Topic
from tests.helpers import ROOT
from tests.test_admin_editing import text_of

PLACE = {
    "fi": "Toimintayksikkö Kelassa",
    "sv": "Verksamhetsenhet vid FPA",
    "en": "Operational unit of Kela",
}


def place(html):
    return re.search(r'<p class="unit-place">(.*?)</p>', html, re.S).group(1)


def test_a_top_unit_page_names_its_kind_and_kela_in_one_line(client, loaded, lang):
    unit = Unit.objects.get(key="internal-audit")
    with translation.override(lang):
        assert place(text_of(client.get(unit.get_absolute_url()))) == PLACE[lang]


def swedish_texts():
    """Every Swedish text of the partners' data files and of the Swedish catalogues."""
    texts = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                texts.append(item) if key == "sv" and isinstance(item, str) else walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted((ROOT / "partners" / "data").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    for path in sorted(ROOT.glob("*/locale/sv/LC_MESSAGES/django.po")):
        texts += [entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr]
    return texts


def test_swedish_says_kunden_and_mittfpa():
    texts = swedish_texts()
    assert [t for t in texts if re.search(r"\bhens?\b", t)] == []
    assert [t for t in texts if "OmaKela" in t] == []
    assert any("MittFPA" in t for t in texts)


TALK = {"fi": "chatissa", "sv": "chatt", "en": "chat"}


def test_talk_to_kela_shows_a_way_forward_not_a_gap(client, loaded, lang):
    with translation.override(lang):
        html = text_of(client.get(Topic.objects.get(key="talk-to-kela").get_absolute_url()))
    assert (
        "not available" not in html and "finns inte" not in html and "ei ole tallessa" not in html
    )
    assert 'href="https://www.kela.fi/yhteistyokumppanit-asiakaspalvelu"' in html
    assert TALK[lang] in html


SOCIAL = {"fi": "13 tiliä", "sv": "13 konton", "en": "13 social media accounts"}


def test_source_facts_social_media_accounts_and_the_presentation_title(client, loaded, lang):
    with translation.override(lang):
        channels = text_of(client.get(reverse("partners:communications")))
        topic = Topic.objects.get(key="cooperation-in-customer-service")
        cooperation = text_of(client.get(topic.get_absolute_url()))
    assert SOCIAL[lang] in channels
    title = "Multisectoral cooperation in customer service – challenges and opportunities"
    assert title in cooperation
