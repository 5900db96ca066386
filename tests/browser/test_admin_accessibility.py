"""In real Chromium: every admin page an editor uses passes axe-core's WCAG 2.1 A and AA rules,
in the Finnish and the Swedish admin."""

import contextlib

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect
from reversion.models import Version

from partners.models import Topic
from publishing import workflow
from publishing.groups import grant_editor_permissions
from publishing.models import AdminLanguage
from publishing.transfer import content_models
from stats.models import StatisticValue
from tests.browser.conftest import run_axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "saavutettava@kela.example"
# Every rich-text editor of the page is built (its editable area named: publishing/editor.py).
EDITORS_READY = """() => [...document.querySelectorAll("[data-django-prose-editor-configurable]")]
    .every((textarea) => textarea.parentElement.querySelector(".ProseMirror[aria-label]"))"""
PASSWORD = "Kela-editor-2024!"  # noqa: S105 - a test account


def admin_pages():
    """(label, path) of every admin page an editor uses: one item of each content model."""
    pages = [
        ("index", reverse("admin:index")),
        ("translation completeness", reverse("admin:translation_completeness")),
        ("admin language", reverse("admin:admin_language")),
        ("figures of a year", reverse("admin:stats_year_figures")),
        ("figures of 2020", reverse("admin:stats_year", args=[2020])),
    ]
    with contextlib.suppress(NoReverseMatch):  # the editors' dashboard, once it exists
        pages.append(("dashboard", reverse("admin:publishing_dashboard")))
    for model in content_models():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        item = model.objects.order_by("pk").first()
        version = Version.objects.get_for_object(item).first()
        actions = model.editor_actions
        pages += [
            (f"{opts.label} list", reverse(f"{prefix}_changelist")),
            *([(f"{opts.label} add", reverse(f"{prefix}_add"))] if "add" in actions else []),
            (f"{opts.label} change", reverse(f"{prefix}_change", args=[item.pk])),
            (f"{opts.label} history", reverse(f"{prefix}_history", args=[item.pk])),
            (
                f"{opts.label} compare",
                reverse(f"{prefix}_compare", args=[item.pk, version.pk]),
            ),
        ]
    return pages


@pytest.fixture
def editor_in(loaded_live, new_page, monkeypatch):
    """A browser (in English) logged in as an editor who has chosen the admin's language."""
    grant_editor_permissions()
    monkeypatch.setenv("KELA_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", EMAIL, verbosity=0)

    def login(lang):
        user = User.objects.get(username=EMAIL)
        AdminLanguage.objects.update_or_create(user=user, defaults={"language": lang})
        page = new_page(locale="en-GB")
        page.goto(reverse("admin:login"))
        page.fill("#id_username", EMAIL)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page.locator("#user-tools")).to_be_visible()
        return page

    return login


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_admin_page_has_no_axe_violations(editor_in, lang):
    page = editor_in(lang)
    # A draft of a published figure: the year's page offers its actions, its preview a banner.
    value = StatisticValue.objects.get(statistic__key="calls-made", year=2020)
    value.value += 1
    workflow.save_draft(value, ["value"], User.objects.get(username=EMAIL))
    preview = ("preview of 2020", reverse("admin:stats_year_preview", args=[2020, lang]))
    problems = []
    for label, path in [*admin_pages(), preview]:
        response = page.goto(path)
        assert response.status == 200, f"{label} {path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == lang
        page.wait_for_function(EDITORS_READY)
        problems += [f"{lang} {label} {path}: {line}" for line in run_axe(page)]
    assert problems == [], "\n".join(problems)


def test_axe_finds_an_unlabelled_input_in_the_admin(editor_in):
    page = editor_in("fi")
    page.goto(reverse("admin:partners_topic_add"))
    page.evaluate(
        "() => document.querySelector('#content-main form').append(document.createElement('input'))"
    )
    assert any(line.startswith("label") for line in run_axe(page))


def test_language_tabs_work_with_the_keyboard(editor_in):
    page = editor_in("fi")
    topic = Topic.objects.order_by("pk").first()
    page.goto(reverse("admin:partners_topic_change", args=[topic.pk]))
    expect(page.get_by_label("Kenttien kieli")).to_be_visible()
    finnish = page.get_by_role("tab", name="fi, Suomi").first
    finnish.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_title_sv")).to_be_visible()
    expect(page.locator("#id_title_fi")).to_be_hidden()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
        "sv, Ruotsi"
    )
