"""Honest dates: "Last updated" on a page is when the content shown on it last changed (the
newest of its items), and topics that describe a past year's situation say so."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from organisation.models import Unit
from pages.models import Page
from partners.models import Topic
from publishing.transfer import content_models
from tests.helpers import ROOT
from tests.test_admin_editing import admin_url, form_data, save_and_publish, text_of

LONG_AGO = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)


def shown_date(client, path):
    """The date in the page's "Last updated" line (the datetime attribute of its <time>)."""
    html = text_of(client.get(path))
    match = re.search(r'<p class="last-updated">.*?<time datetime="([\d-]+)"', html, re.S)
    assert match, f"no last-updated line on {path}"
    return match.group(1)


@pytest.fixture
def settled(loaded):
    """Every content item as if it had last changed long ago."""
    for model in content_models():
        model.objects.update(updated_at=LONG_AGO)


def a_unit():
    """A unit with a unit above it and units beside it, all shown on its page."""
    return Unit.objects.filter(parent__isnull=False).order_by("pk").first()


def a_sibling():
    unit = a_unit()
    return Unit.objects.filter(parent=unit.parent).exclude(pk=unit.pk).first()


def pages(lang):
    unit = a_unit()
    with translation.override(lang):
        return {
            "unit": unit.get_absolute_url(),
            "organisation": reverse("organisation:index"),
            "topic": Topic.objects.get(key="reform").get_absolute_url(),
            "statistics": reverse("stats:index"),
            "service channels": reverse("partners:service_channels"),
            "privacy notice": reverse("privacy"),
            "accessibility statement": reverse("accessibility"),
        }


def test_last_updated_stays_the_same_after_a_load_that_changes_nothing(client, settled, lang):
    paths = pages(lang)
    before = {name: shown_date(client, path) for name, path in paths.items()}
    assert set(before.values()) == {"2025-01-15"}
    call_command("load_content", verbosity=0)
    call_command("load_content", update=True, verbosity=0)
    cache.clear()  # read the pages afresh, not from the page cache
    assert {name: shown_date(client, path) for name, path in paths.items()} == before


@pytest.mark.parametrize(
    ("page", "changed"),
    [
        ("unit", a_unit),
        ("unit", lambda: a_unit().parent),  # shown on the unit's page
        ("unit", a_sibling),  # shown on the unit's page
        ("organisation", lambda: Unit.objects.order_by("pk").last()),
        ("topic", lambda: Topic.objects.get(key="reform")),
        ("privacy notice", lambda: Page.objects.get(key="privacy")),
    ],
)
def test_last_updated_moves_when_an_editor_saves_an_item_on_the_page(
    admin_client, client, settled, page, changed, django_capture_on_commit_callbacks, settings
):
    settings.PUBLISHING_FOUR_EYES = False  # about dates, not review: the editor publishes
    path = pages("fi")[page]
    assert shown_date(client, path) == "2025-01-15"
    item = changed()
    url = admin_url(item)
    data = form_data(admin_client, url)
    field = next(name for name in ("summary_fi", "title_fi", "name_fi") if name in data)
    data[field] += " (tarkistettu)"  # a real change: saving an unchanged form changes nothing
    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it
        assert save_and_publish(admin_client, url, data).status_code == 302
    assert shown_date(client, path) == timezone.localdate().isoformat()


def test_a_load_that_changes_an_item_shows_the_date_of_its_file(
    client, settled, django_capture_on_commit_callbacks
):
    """The load writes the file's text, so the page shows the day that text was written: only an
    editor's publication moves "Last updated" to today."""
    Topic.objects.filter(key="reform").update(summary_en="An editor's old wording.")
    path = pages("en")["topic"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_content", update=True, verbosity=0)
    topics = json.loads((ROOT / "partners/data/topics.json").read_text(encoding="utf-8"))
    reform = next(topic for topic in topics if topic["key"] == "reform")
    assert shown_date(client, path) == reform["updated_at"]
    assert shown_date(client, pages("en")["unit"]) == "2025-01-15"


SITUATION = {"fi": "Tilanne 2021", "sv": "Läget 2021", "en": "Situation in 2021"}


def test_topics_describing_a_past_situation_say_so(client, loaded, lang):
    """The reform topics and everything from the 2021 presentation to partners say so."""
    for key in ("reform", "kela-fi", "rehabilitation-referral"):
        with translation.override(lang):
            html = text_of(client.get(Topic.objects.get(key=key).get_absolute_url()))
        assert SITUATION[lang] in html, key
        assert html.index(SITUATION[lang]) < html.index("</h1>") + 200, "next to the title"


def test_the_situation_year_is_editable_content(admin_client, client, loaded, settings):
    settings.PUBLISHING_FOUR_EYES = False  # about the field, not review: the editor publishes
    topic = Topic.objects.get(key="kela-fi")
    url = admin_url(topic)
    save_and_publish(admin_client, url, form_data(admin_client, url, situation_year="2020"))
    with translation.override("en"):
        assert "Situation in 2020" in text_of(client.get(topic.get_absolute_url()))
