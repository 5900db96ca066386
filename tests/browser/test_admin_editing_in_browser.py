"""In real Chromium: an editor changes, restores and unpublishes content in the admin."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from organisation.models import Unit
from partners.models import Topic
from publishing.groups import grant_editor_permissions

# The Editors group comes from a data migration: restore it after each flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "redaktor@kela.example"
PASSWORD = "Kela-editor-2024!"  # noqa: S105 - a test account
NEW_NAME = "Provenhet för redaktörstest"


@pytest.fixture
def editor_page(loaded_live, new_page, monkeypatch):
    """A browser logged in to the admin as an editor whose browser language is Swedish."""
    # Live-server tests flush the database: grant the Editors group its permissions again.
    grant_editor_permissions()
    monkeypatch.setenv("KELA_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", EMAIL, verbosity=0)
    page = new_page(locale="sv-SE")
    page.goto("/admin/login/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def swedish(item):
    with translation.override("sv"):
        return item.get_absolute_url()


def test_editor_changes_a_swedish_name_and_restores_it(editor_page):
    page = editor_page
    unit = Unit.objects.filter(parent__isnull=False).first()
    old_name = unit.name_sv
    page.goto(reverse("admin:organisation_unit_change", args=[unit.pk]))
    assert page.locator("html").get_attribute("lang") == "sv"
    page.click('[role=tab][aria-controls="tab_id_name_sv"]')
    page.fill("#id_name_sv", NEW_NAME)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(swedish(unit))
    expect(page.locator("h1")).to_have_text(NEW_NAME)

    history = reverse("admin:organisation_unit_history", args=[unit.pk])
    page.goto(history)
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 2  # loaded from the data files, then changed by the editor
    assert EMAIL in rows.nth(0).inner_text()
    rows.nth(1).get_by_role("link", name="Jämför med den nuvarande").click()
    differences = page.locator("#version-differences").inner_text()
    assert old_name in differences and NEW_NAME in differences

    page.goto(history)
    page.locator("#change-history tbody tr").nth(1).locator("th a").click()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(swedish(unit))
    expect(page.locator("h1")).to_have_text(old_name)


def test_unpublished_topic_vanishes_and_staff_preview_it(editor_page, new_page):
    topic = Topic.objects.published().first()
    with translation.override("sv"):
        places = {
            "list": reverse("partners:index"),
            "search": f"{reverse('search')}?q={topic.title_sv}",
            "sitemap": "/sitemap.xml",
        }
    url = swedish(topic)
    visitor = new_page()
    for place, path in places.items():
        visitor.goto(path)
        assert url in visitor.content(), place

    page = editor_page
    page.goto(reverse("admin:partners_topic_change", args=[topic.pk]))
    page.uncheck("#id_is_published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = new_page()  # a new visitor: nothing in the browser's own cache
    for place, path in places.items():
        visitor.goto(path)
        assert url not in visitor.content(), place
    assert visitor.goto(url).status == 404

    page.goto(reverse("admin:partners_topic_change", args=[topic.pk]))
    page.click("a.viewsitelink")
    expect(page.locator(".draft-banner")).to_be_visible()
    expect(page.locator("h1")).to_have_text(topic.title_sv)  # the editor's language
