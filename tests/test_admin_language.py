"""Each editor chooses the admin's language once; the whole admin then speaks it."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from reversion.models import Version

from organisation.models import Unit
from partners.models import Topic
from publishing import workflow
from publishing.models import AdminLanguage
from stats.models import StatisticValue
from tests.helpers import elements

SAME_AS_ENGLISH = {"Organisation"}


class _Texts(HTMLParser):
    """What a user reads or hears: text, and the names given in attributes."""

    SPOKEN = ("aria-label", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__()
        self.texts, self.skip = set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self.skip += 1
        self.texts.update(attrs[name].strip() for name in self.SPOKEN if attrs.get(name))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.add(attrs["value"].strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.add(" ".join(data.split()))


def texts(response):
    assert response.status_code == 200, response.status_code
    parser = _Texts()
    parser.feed(response.content.decode())
    return parser.texts


@pytest.fixture
def as_editor(editor_client):
    """The editor's browser asks for Finnish; the editor has chosen the admin's language."""

    def choose(language):
        response = editor_client.post(reverse("admin:admin_language"), {"language": language})
        assert response.status_code == 302
        return editor_client

    return choose


def admin_pages(unit):
    version = Version.objects.get_for_object(unit).first()
    return {
        "index": reverse("admin:index"),
        "change form": reverse("admin:organisation_unit_change", args=[unit.pk]),
        "history": reverse("admin:organisation_unit_history", args=[unit.pk]),
        "compare": reverse("admin:organisation_unit_compare", args=[unit.pk, version.pk]),
        "restore": reverse("admin:organisation_unit_revision", args=[unit.pk, version.pk]),
        "recover": reverse("admin:organisation_unit_recoverlist"),
        "completeness": reverse("admin:translation_completeness"),
        "language": reverse("admin:admin_language"),
        "figures of a year": reverse("admin:stats_year_figures"),
        "figures of 2020": reverse("admin:stats_year", args=[2020]),
    }


def test_the_chosen_language_sticks_across_sessions(as_editor, editor, client):
    as_editor("sv")
    assert AdminLanguage.objects.get(user=editor).language == "sv"
    client.logout()
    client.force_login(editor)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fi")
    assert response["Content-Language"] == "sv"
    assert "FPA-portalens administration" in response.content.decode()


def test_the_public_site_keeps_its_own_language(as_editor):
    client = as_editor("sv")
    assert client.get("/fi/")["Content-Language"] == "fi"


@pytest.mark.parametrize(("language", "other"), [("sv", "fi"), ("fi", "sv")])
def test_an_editor_reads_no_english_in_the_admin(as_editor, editor, language, other):
    unit = Unit.objects.filter(parent__isnull=False).order_by("pk").first()
    # A draft of a published figure: the year's page shows it and offers its actions.
    value = StatisticValue.objects.get(statistic__key="calls-made", year=2020)
    value.value += 1
    workflow.save_draft(value, ["value"], editor)
    pages = admin_pages(unit)
    client = as_editor("en")
    english = {label: texts(client.get(path)) for label, path in pages.items()}
    client = as_editor(other)
    others = {label: texts(client.get(path)) for label, path in pages.items()}
    client = as_editor(language)
    left = {}
    for label, path in pages.items():
        # Interface text is what differs between the English admin and the admin in the other
        # language (less the words Swedish writes as English does).
        interface = english[label] - others[label] - SAME_AS_ENGLISH
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=other)
        assert response["Content-Language"] == language
        left[label] = sorted(texts(response) & interface)
    assert left == dict.fromkeys(pages, [])


def test_history_names_changed_fields_in_the_editors_language(as_editor):
    unit = Unit.objects.filter(parent__isnull=False).order_by("pk").first()
    # An unpublished item is saved in place (a published one gets a draft, and its history
    # names the publishing: tests/test_publishing_workflow.py).
    Unit.objects.filter(pk=unit.pk).update(is_published=False)
    client = as_editor("fi")
    url = reverse("admin:organisation_unit_change", args=[unit.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False, "")}
    data["name_sv"] = "Ny svensk enhet"
    assert client.post(url, data).status_code == 302

    history = reverse("admin:organisation_unit_history", args=[unit.pk])
    assert "Muutettu: nimi (ruotsi)." in client.get(history).content.decode()
    client = as_editor("sv")
    assert "Ändrat: namn (svenska)." in client.get(history).content.decode()


def test_restoring_a_version_is_told_in_swedish(as_editor):
    unit = Unit.objects.filter(parent__isnull=False).order_by("pk").first()
    version = Version.objects.get_for_object(unit).first()
    Unit.objects.filter(pk=unit.pk).update(name_sv="Namnet ändrat efter versionen")
    client = as_editor("sv")
    url = reverse("admin:organisation_unit_revision", args=[unit.pk, version.pk])
    page = client.get(url)
    assert "Tryck på spara" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False, "")}
    response = client.post(url, data, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages[0] == (
        "Utkastet är sparat. Den offentliga sidan är oförändrad tills utkastet publiceras."
    )
    assert messages[1].startswith("Ändrade enhet")
    assert len(messages) == 2


EDITOR_WORDS = {
    "fi": {
        "Edit Link": "Muokkaa linkkiä",
        "URL": "Verkko-osoite",
        "Title": "Otsikko",
        "Update": "Päivitä",
        "Cancel": "Peruuta",
        "List properties": "Luettelon asetukset",
        "Start at": "Aloita numerosta",
        "List type": "Luettelon tyyppi",
        "Decimal numbers": "Numerot",
    },
    "sv": {
        "Edit Link": "Redigera länk",
        "URL": "Webbadress",
        "Title": "Titel",
        "Update": "Uppdatera",
        "Cancel": "Avbryt",
        "List properties": "Listans egenskaper",
        "Start at": "Börja från",
        "List type": "Listtyp",
        "Decimal numbers": "Siffror",
    },
}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_rich_text_editors_dialogs_speak_the_admins_language(as_editor, language):
    """The rich-text editor's link dialog and "List properties" ask window.gettext for their
    words: the change form loads a catalogue that gives them in the admin's language."""
    client = as_editor(language)
    topic = Topic.objects.order_by("pk").first()
    page = client.get(reverse("admin:partners_topic_change", args=[topic.pk]))
    catalogue_url = reverse("admin:rich_text_jsi18n")
    assert catalogue_url in [
        script.get("src") for script in elements(page.content.decode(), "script")
    ]
    script = client.get(catalogue_url, HTTP_ACCEPT_LANGUAGE="en")
    assert script.status_code == 200
    catalogue = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", script.content.decode(), re.S)[1]
    )
    words = EDITOR_WORDS[language]
    assert {msgid: catalogue.get(msgid) for msgid in words} == words


ERROR_PAGES = {
    # (path, status): {language: heading}
    ("auth/user/", 403): {"fi": "Ei käyttöoikeutta", "sv": "Ingen behörighet"},
    ("no-such-page/", 404): {"fi": "Sivua ei löytynyt", "sv": "Sidan hittades inte"},
}


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize(("path", "status"), list(ERROR_PAGES))
def test_the_admins_error_pages_speak_the_admins_language(as_editor, language, path, status):
    """An editor who opens an admin page they may not see (users: 403) or one that does not
    exist (404) reads why in the admin's language, whatever the browser asks for."""
    client = as_editor(language)
    response = client.get(f"/admin/{path}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    heading = ERROR_PAGES[path, status][language]
    assert heading in {h1.strip() for h1 in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)}


@pytest.mark.parametrize(
    ("language", "heading"), [("fi", "Jokin meni vikaan"), ("sv", "Något gick fel")]
)
def test_the_admins_server_error_page_speaks_the_admins_language(
    as_editor, monkeypatch, language, heading
):
    """An admin page that fails (500) says so in the admin's language."""
    client = as_editor(language)
    client.raise_request_exception = False

    def fails():
        raise RuntimeError("a failing admin page")

    monkeypatch.setattr("publishing.completeness.other_languages", fails)
    response = client.get(reverse("admin:translation_completeness"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in {h1.strip() for h1 in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)}
