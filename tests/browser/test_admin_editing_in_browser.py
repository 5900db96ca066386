"""In real Chromium: an editor drafts a change, previews it and a publisher publishes it;
a publisher unpublishes an item."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from organisation.models import Unit
from partners.models import Topic
from publishing.groups import EDITORS, PUBLISHERS, grant_editor_permissions

# The live server sees committed data; the log_in fixture makes the groups again after a flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "redaktor@kela.example"
PUBLISHER = "publicerare@kela.example"
PASSWORD = "Kela-editor-2024!"  # noqa: S105 - a test account
NEW_NAME = "Provenhet för redaktörstest"


@pytest.fixture
def log_in(loaded_live, new_page):
    """log_in(email, group): a browser whose language is Swedish, logged in to the admin
    (options: those of a browser context)."""
    # Live-server tests flush the database: give the groups their permissions again.
    grant_editor_permissions()

    def log_in(email, group, **options):
        user = User.objects.create_user(email, email, PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        page = new_page(**{"locale": "sv-SE", **options})
        page.goto("/admin/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page.locator("#user-tools")).to_be_visible()
        return page

    return log_in


def swedish(item):
    with translation.override("sv"):
        return item.get_absolute_url()


def test_an_editors_draft_is_previewed_and_published_by_a_publisher(log_in, new_page):
    editor = log_in(EMAIL, EDITORS)
    unit = Unit.objects.filter(parent__isnull=False).first()
    old_name = unit.name_sv
    change = reverse("admin:organisation_unit_change", args=[unit.pk])
    editor.goto(change)
    assert editor.locator("html").get_attribute("lang") == "sv"
    editor.click('[role=tab][aria-controls="tab_id_name_sv"]')
    editor.fill("#id_name_sv", NEW_NAME)
    editor.click("input[name=_continue]")
    expect(editor.locator("#draft-differences")).to_contain_text(NEW_NAME)

    visitor = new_page()
    visitor.goto(swedish(unit))
    expect(visitor.locator("h1")).to_have_text(old_name)  # the public page is unchanged

    editor.click("#preview-sv")
    expect(editor.locator(".preview-banner")).to_be_visible()
    expect(editor.locator("h1")).to_have_text(NEW_NAME)
    editor.goto(change)
    expect(editor.locator("#publish")).to_have_count(0)  # an editor cannot publish
    editor.click("input[name=_submit]")
    expect(editor.locator(".messagelist .success")).to_be_visible()

    publisher = log_in(PUBLISHER, PUBLISHERS)
    publisher.goto(change)
    expect(publisher.locator("#publishing-status")).to_contain_text(EMAIL)
    publisher.click("#publish")
    expect(publisher.locator(".messagelist .success")).to_be_visible()

    visitor = new_page()  # a new visitor: nothing in the browser's own cache
    visitor.goto(swedish(unit))
    expect(visitor.locator("h1")).to_have_text(NEW_NAME)
    publisher.goto(reverse("admin:organisation_unit_history", args=[unit.pk]))
    latest = publisher.locator("#change-history tbody tr").nth(0).inner_text()
    assert PUBLISHER in latest and EMAIL in latest  # who approved, who submitted


def test_a_publisher_unpublishes_a_topic_and_staff_still_preview_it(log_in, new_page):
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

    page = log_in(PUBLISHER, PUBLISHERS)
    page.goto(reverse("admin:partners_topic_change", args=[topic.pk]))
    page.click("#unpublish")
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


def swedish_body_editor(page, topic):
    """The editor of the topic's Swedish body, focused, and the browser console's messages."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(reverse("admin:partners_topic_change", args=[topic.pk]))
    page.click('[role=tab][aria-controls="tab_id_body_sv"]')
    body = page.get_by_role("textbox", name="Brödtext (svenska)")
    body.click()
    return body, console


def test_rich_text_typed_in_the_editor_reaches_the_public_page(log_in, new_page, settings):
    settings.PUBLISHING_FOUR_EYES = False  # the publisher publishes its own edit
    page = log_in(PUBLISHER, PUBLISHERS, bypass_csp=False)  # the editor works under our CSP
    topic = Topic.objects.published().first()
    _body, console = swedish_body_editor(page, topic)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("Ansök om stöd")
    menu = page.locator(".field-body_sv .prose-menubar")
    menu.get_by_role("button", name="Stycke", exact=True).press("Enter")  # the block type menu
    menu.get_by_role("button", name="Rubrik 2", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    menu.get_by_role("button", name="Punktlista", exact=True).click()
    page.keyboard.type("Första punkten")
    page.keyboard.press("Enter")
    page.keyboard.type("FPA")
    page.keyboard.press("Shift+Home")
    menu.get_by_role("button", name="Infoga länk", exact=True).click()
    page.locator("dialog input").first.fill("https://www.kela.fi/")
    page.locator("dialog input").first.press("Enter")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .info")).to_be_visible()
    expect(page.locator(".messagelist .warning")).to_have_count(0)  # the editor's markup is kept
    page.click("#publish")
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = new_page(bypass_csp=False)
    visitor.goto(swedish(topic))
    main = visitor.locator("main")
    expect(main.locator("h2", has_text="Ansök om stöd")).to_be_visible()
    expect(main.locator("ul li").first).to_have_text("Första punkten")
    expect(main.locator('ul li a[href="https://www.kela.fi/"]')).to_have_text("FPA")
    assert not [text for text in console if "Content Security Policy" in text]


def test_pasted_table_and_script_are_named_when_saving_removes_them(log_in):
    """Without JavaScript the body is a textarea of HTML; the message names what went."""
    page = log_in(EMAIL, EDITORS, java_script_enabled=False)
    topic = Topic.objects.published().first()
    page.goto(reverse("admin:partners_topic_change", args=[topic.pk]))
    page.fill(
        "#id_body_sv",
        "<table><tr><td>Stöd</td><td>100 €</td></tr></table><script>alert(1)</script>",
    )
    page.click("input[name=_continue]")
    warning = page.locator(".messagelist .warning")
    expect(warning).to_contain_text("Sparandet tog bort ur Brödtext (svenska)")
    expect(warning).to_contain_text("en tabell (<table>), ett skript (<script>)")


def test_a_table_and_a_script_pasted_into_the_editor_are_named(log_in):
    """With JavaScript the editor drops them on pasting: a message next to it says so."""
    page = log_in(EMAIL, EDITORS, bypass_csp=False)
    topic = Topic.objects.published().first()
    body, console = swedish_body_editor(page, topic)
    body.evaluate(
        """(editable, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            editable.dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            );
        }""",
        "<p>Stöd</p><table><tr><td>100 €</td></tr></table><script>alert(1)</script>",
    )
    status = page.locator(".field-body_sv [role=status]")
    expect(status).to_have_text(
        "Inklistringen tog bort: en tabell (<table>), ett skript (<script>)."
    )
    expect(body).to_contain_text("Stöd")
    assert not [text for text in console if "Content Security Policy" in text]
