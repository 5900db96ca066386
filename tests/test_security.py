import datetime
import json
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from organisation.models import Unit
from publishing.groups import EDITORS, PUBLISHERS
from publishing.models import Expiry
from tests.helpers import form_fields, member

EXPECTED_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
        "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
        "payment=(), picture-in-picture=(), publickey-credentials-get=(), "
        "screen-wake-lock=(), usb=(), xr-spatial-tracking=()"
    ),
}
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_directives(header):
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("path", ["/fi/", "/sv/", "/en/", f"/{settings.ADMIN_PATH}login/"])
def test_security_headers_exact(client, db, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    for name, value in EXPECTED_HEADERS.items():
        assert response[name] == value, name
    assert csp_directives(response["Content-Security-Policy"]) == EXPECTED_CSP


def test_csrf_cookie_is_secure_httponly_samesite(client, db):
    response = client.get(f"/{settings.ADMIN_PATH}login/", secure=True)
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_cookie_flags():
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_admin_login_is_throttled_after_repeated_failures(client, db, django_user_model):
    django_user_model.objects.create_superuser(
        "editor@example.fi", "editor@example.fi", "right-pass-1234"
    )
    url = f"/{settings.ADMIN_PATH}login/"
    statuses = [
        client.post(url, {"username": "editor@example.fi", "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429
    locked = client.post(url, {"username": "editor@example.fi", "password": "right-pass-1234"})
    assert locked.status_code == 429


def test_a_log_line_goes_to_the_standard_error_of_the_moment(capsys):
    """A warning is written to sys.stderr as it is when the warning comes, not as it was when
    logging was set up: a background thread (the page cache's listener) that warns after a
    test runner swapped and closed that stream writes its line instead of failing."""
    logging.getLogger("kela_portal.cache").warning("version channel lost (%s)", "test")
    entry = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert entry["level"] == "WARNING"
    assert entry["message"] == "version channel lost (test)"


def test_request_log_is_one_json_line_without_query(client, db, capsys):
    client.get("/fi/?q=secret@example.fi")
    records = capsys.readouterr().out.strip().splitlines()
    entry = json.loads(records[-1])
    assert entry["method"] == "GET"
    assert entry["path"] == "/fi/"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert "secret" not in records[-1]


def test_a_staff_session_ends_after_eight_idle_hours_and_lives_in_the_browser_only(
    client, db, django_user_model
):
    """An editor's session cookie is forgotten when the browser closes (no expiry date), and
    the session ends on the server after eight hours without a request; each request keeps
    it alive for eight hours more."""
    django_user_model.objects.create_superuser("editor@example.fi", password="right-pass-1234")
    admin = f"/{settings.ADMIN_PATH}"
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        login = client.post(
            f"{admin}login/", {"username": "editor@example.fi", "password": "right-pass-1234"}
        )
        assert login.status_code == 302
        cookie = login.cookies[settings.SESSION_COOKIE_NAME]
        assert (cookie["expires"], cookie["max-age"]) == ("", "")
    for hours in (7, 14, 21):  # seven idle hours at a time
        with time_machine.travel(start + datetime.timedelta(hours=hours), tick=False):
            assert client.get(admin).status_code == 200, hours
    with time_machine.travel(start + datetime.timedelta(hours=29, minutes=1), tick=False):
        response = client.get(admin)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{admin}login/")


def test_one_address_guessing_user_names_adds_a_bounded_number_of_lockout_rows(
    client, db, django_user_model, settings
):
    """Each failed login with a new user name (or browser) is a new lockout record: one
    address trying ever new names is locked out as a whole once it has a bounded number of
    them, and adds no more; an editor at another address still logs in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    django_user_model.objects.create_superuser("editor@example.fi", password="right-pass-1234")
    url = f"/{settings.ADMIN_PATH}login/"
    cap = settings.LOGIN_FAILURE_ADDRESS_RECORDS
    statuses = [
        client.post(
            url,
            {"username": f"guess-{n}@example.fi", "password": "wrong"},
            REMOTE_ADDR="198.51.100.66",
            HTTP_USER_AGENT=f"scanner/{n % 3}",
        ).status_code
        for n in range(cap + 20)
    ]
    assert AccessAttempt.objects.filter(ip_address="198.51.100.66").count() <= cap
    assert statuses[0] == 200
    assert statuses[-20:] == [429] * 20
    credentials = {"username": "editor@example.fi", "password": "right-pass-1234"}
    assert client.post(url, credentials, REMOTE_ADDR="198.51.100.66").status_code == 429
    assert client.post(url, credentials, REMOTE_ADDR="203.0.113.7").status_code == 302


GIVE_A_FUTURE_TIME = {
    "fi": "Anna tuleva ajankohta",
    "sv": "Ange en tidpunkt i framtiden",
    "en": "Give a time in the future",
}
GIVE_AN_EXPIRY_TIME = {
    "fi": "Anna vanhenemisaika päivämääränä ja kellonaikana.",
    "sv": "Ange tiden då publiceringen upphör som datum och klockslag.",
    "en": "Give the expiry time as a date and time.",
}


def test_forged_admin_form_values_get_a_sentence_never_a_server_error(loaded, lang):
    """A form sent with values no browser input makes (a version token of "²", a 30 February)
    is answered in the editor's language, and changes nothing it should not; never with a
    server error."""
    unit = Unit.objects.get(key="communications-unit")
    change = reverse("admin:organisation_unit_change", args=[unit.pk])
    editor, publisher = Client(), Client()
    editor.force_login(member(EDITORS, "editor"))
    publisher.force_login(member(PUBLISHERS, "publisher"))
    for client in (editor, publisher):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    fields = dict(form_fields(editor.get(change).content.decode(), "unit_form"))
    fields.update(name_sv="Nytt namn", publishing_token="²")
    # A token of no version: the conflict page, with the editor's text kept to send again.
    response = editor.post(change, fields)
    assert response.status_code == 409
    assert "Nytt namn" in response.content.decode()

    def act(action, **data):
        url = reverse("admin:organisation_unit_publishing", args=[unit.pk, action])
        return publisher.post(url, data, follow=True).content.decode()

    assert GIVE_A_FUTURE_TIME[lang] in act("schedule", publish_at="2030-02-30T10:00")
    act("expire", expire_at="2030-06-01T10:00")
    assert GIVE_AN_EXPIRY_TIME[lang] in act("expire", expire_at="2030-02-30T10:00")
    assert Expiry.objects.get(object_id=unit.pk).expire_at.month == 6
