"""In real Chromium: every admin page that an editor, a publisher or a superuser can open
passes axe-core's WCAG 2.1 A and AA rules, in the Finnish and the Swedish admin."""

import contextlib
import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect
from reversion import is_registered
from reversion.models import Version

from partners.models import Topic
from publishing import workflow
from publishing.groups import grant_editor_permissions
from publishing.models import AdminLanguage
from stats.models import StatisticValue
from tests.browser.conftest import run_axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACCOUNTS = {
    "editor": "saavutettava@kela.example",
    "publisher": "julkaisija@kela.example",
    "superuser": "paakayttaja@kela.example",
}
EMAIL = ACCOUNTS["editor"]
# Every rich-text editor of the page is built (its editable area named: publishing/editor.py).
EDITORS_READY = """() => [...document.querySelectorAll("[data-django-prose-editor-configurable]")]
    .every((textarea) => textarea.parentElement.querySelector(".ProseMirror[aria-label]"))"""
PASSWORD = "Kela-editor-2024!"  # noqa: S105 - a test account

# A row of each registered model that the content files do not fill, so that its change form
# (and history) is among the pages visited.
ROWS = {
    "feedback.Feedback": {"message": "Sivun kontrasti on hyvä.", "language": "fi"},
    "search.Synonym": {"language": "fi", "words": "kela, kansaneläkelaitos"},
    "search.PromotedResult": {"language": "fi", "query": "kela", "url": "/fi/"},
    "search.QueryCount": {"language": "fi", "week": datetime.date(2026, 11, 30), "query": "kela"},
    **{
        label: {
            "user_agent": "Chromium",
            "ip_address": "127.0.0.1",
            "username": "tuntematon@kela.example",
            "http_accept": "text/html",
            "path_info": "/admin/login/",
            **extra,
        }
        for label, extra in [
            ("axes.AccessAttempt", {"get_data": "", "post_data": "", "failures_since_start": 1}),
            ("axes.AccessFailureLog", {}),
            ("axes.AccessLog", {}),
        ]
    },
}


def admin_pages(user):
    """(label, path) of every admin page the user can open: the site's own views, and the
    list, add, change, delete, history, compare, restore and recover pages of every model
    the admin shows the user (AdminSite.get_app_list), one item of each."""
    pages = [
        ("index", reverse("admin:index")),
        ("translation completeness", reverse("admin:translation_completeness")),
        ("admin language", reverse("admin:admin_language")),
        ("password change", reverse("admin:password_change")),
        ("figures of a year", reverse("admin:stats_year_figures")),
        ("figures of 2020", reverse("admin:stats_year", args=[2020])),
    ]
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    for app in admin.site.get_app_list(request):
        for entry in app["models"]:
            model, perms = entry["model"], entry["perms"]
            opts = model._meta
            prefix = f"admin:{opts.app_label}_{opts.model_name}"
            item = model.objects.order_by("pk").first()
            assert item is not None, f"no {opts.label} to open"
            pages.append((f"{opts.label} list", entry["admin_url"]))
            if entry.get("add_url"):
                pages.append((f"{opts.label} add", entry["add_url"]))
            pages += [
                (f"{opts.label} change", reverse(f"{prefix}_change", args=[item.pk])),
                (f"{opts.label} history", reverse(f"{prefix}_history", args=[item.pk])),
            ]
            if perms.get("delete"):
                pages.append((f"{opts.label} delete", reverse(f"{prefix}_delete", args=[item.pk])))
            if opts.label == "auth.User" and perms.get("change"):
                pages.append(
                    ("auth.User password", reverse(f"{prefix}_password_change", args=[item.pk]))
                )
            version = Version.objects.get_for_object(item).first() if is_registered(model) else None
            if is_registered(model) and perms.get("add") and perms.get("change"):
                with contextlib.suppress(NoReverseMatch):  # deleted items to recover
                    pages.append((f"{opts.label} recover", reverse(f"{prefix}_recoverlist")))
            if version is not None and perms.get("change"):
                with contextlib.suppress(NoReverseMatch):
                    pages.append(
                        (
                            f"{opts.label} compare",
                            reverse(f"{prefix}_compare", args=[item.pk, version.pk]),
                        )
                    )
                with contextlib.suppress(NoReverseMatch):
                    pages.append(
                        (
                            f"{opts.label} restore",
                            reverse(f"{prefix}_revision", args=[item.pk, version.pk]),
                        )
                    )
    return pages


@pytest.fixture
def accounts(loaded_live, monkeypatch):
    """An editor, a publisher (create_editor --publisher) and a superuser; the editor has a
    draft of a topic awaiting review (the publisher's "Awaiting my review") and a draft of a
    published figure (the year's page offers its actions, its preview a banner)."""
    grant_editor_permissions()
    monkeypatch.setenv("KELA_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", ACCOUNTS["editor"], verbosity=0)
    call_command("create_editor", ACCOUNTS["publisher"], "--publisher", verbosity=0)
    superuser = User.objects.create_superuser(
        ACCOUNTS["superuser"], ACCOUNTS["superuser"], PASSWORD
    )
    editor = User.objects.get(username=ACCOUNTS["editor"])
    topic = Topic.objects.filter(is_published=True).order_by("pk").first()
    topic.title_fi = f"{topic.title_fi} (luonnos)"
    draft = workflow.save_draft(topic, ["title_fi"], editor)
    workflow.submit(topic, draft, editor)
    value = StatisticValue.objects.get(statistic__key="calls-made", year=2020)
    value.value += 1
    workflow.save_draft(value, ["value"], editor)
    apps.get_model("otp_totp", "TOTPDevice").objects.create(user=superuser, name="puhelin")
    for label, fields in ROWS.items():
        model = apps.get_model(label)
        if not model.objects.exists():
            model.objects.create(**fields)
    return {role: User.objects.get(username=email) for role, email in ACCOUNTS.items()}


@pytest.fixture
def logged_in(accounts, new_page):
    """A browser (in English) logged in as one of the accounts, who has chosen the admin's
    language."""

    def login(role, lang):
        user = accounts[role]
        AdminLanguage.objects.update_or_create(user=user, defaults={"language": lang})
        page = new_page(locale="en-GB")
        page.goto(reverse("admin:login"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page.locator("#user-tools")).to_be_visible()
        return page, user

    return login


@pytest.fixture
def editor_in(logged_in):
    return lambda lang: logged_in("editor", lang)[0]


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_every_admin_page_has_no_axe_violations(logged_in, role, lang):
    page, user = logged_in(role, lang)
    topic = Topic.objects.order_by("pk").first()
    topic_type = ContentType.objects.get_for_model(Topic)
    previews = [  # public pages in the admin's language, with the draft applied
        ("preview of 2020", reverse("admin:stats_year_preview", args=[2020, lang])),
        ("preview", reverse("admin:publishing_preview", args=[topic_type.pk, topic.pk, lang])),
    ]
    problems = []
    for label, path in [*admin_pages(user), *previews]:
        response = page.goto(path)
        assert response.status == 200, f"{role} {label} {path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == lang, f"{role} {label} {path}"
        page.wait_for_function(EDITORS_READY)
        problems += [f"{role} {lang} {label} {path}: {line}" for line in run_axe(page)]
    assert problems == [], "\n".join(problems)


def test_the_publisher_sees_the_draft_awaiting_review(logged_in):
    """The dashboard's list that axe checks for the publisher is not empty."""
    page, _user = logged_in("publisher", "fi")
    page.goto(reverse("admin:index"))
    expect(page.locator("#awaiting-review li")).to_have_count(1)


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
