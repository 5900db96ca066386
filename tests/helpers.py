"""Small helpers shared by the tests: parsing pages a user sees, running manage.py, staff users
and their browsers in the admin."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from publishing.models import AdminLanguage

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Kela-test-2024!"  # noqa: S105 - the password of the tests' staff users (member)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html, tag):
    """The attribute dicts of every <tag> element in the HTML."""
    collector = _Collector()
    collector.feed(html)
    return [attrs for name, attrs in collector.elements if name == tag]


def language_links(html):
    """{language code: href} of the language switcher."""
    return {a["hreflang"]: a["href"] for a in elements(html, "a") if "hreflang" in a}


class _FormReader(HTMLParser):
    """The values a browser would submit from one form: (name, value) pairs, in order."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "file", "image"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                default = "on" if kind in ("checkbox", "radio") else ""
                self.fields.append((attrs["name"], attrs.get("value", default)))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_fields(html, form_id):
    """(name, value) pairs the form with this id submits as it stands."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.fields


def with_values(fields, **changes):
    """The form's (name, value) pairs with some values changed, as a user would type them."""
    return [(name, changes.get(name, value)) for name, value in fields]


def run_manage(*args, env, cwd=ROOT):
    """manage.py in a process of its own, with env instead of the DJANGO_ variables of this one."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
    )


def admin_url(item, view="change", *args):
    """The address of one of the item's admin views (change, history, publishing, …)."""
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk, *args])


def act(client, item, action):
    """A publishing action of the change form (publish, unpublish, …)."""
    assert client.post(admin_url(item, "publishing", action)).status_code == 302


def member(group, name):
    """A staff user in one of the groups of publishing.groups (Editors, Publishers)."""
    user = User.objects.create_user(name, f"{name}@kela.example", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def client_of(user, language=None, raise_request_exception=True):
    """A browser of the user's own, logged in; with a language, the admin's language the user
    has chosen. raise_request_exception=False answers an error in a view with its 500 page, as
    a user would see it, instead of raising it in the test."""
    if language:
        AdminLanguage.objects.update_or_create(user=user, defaults={"language": language})
    client = Client(raise_request_exception=raise_request_exception)
    client.force_login(user)
    return client
