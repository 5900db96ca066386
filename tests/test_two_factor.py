"""The admin's second factor (TOTP) for staff, required in production by a setting."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import PASSWORD, form_fields, run_manage, with_values

ADMIN = f"/{django_settings.ADMIN_PATH}"
LOGIN = f"{ADMIN}login/"


@pytest.fixture
def required(settings):
    settings.ADMIN_REQUIRE_2FA = True


CODE_REQUIRED = {
    "fi": "Anna todennussovelluksesi näyttämä vahvistuskoodi.",
    "sv": "Ange verifieringskoden som din autentiseringsapp visar.",
    "en": "Enter the verification code your authenticator app shows.",
}
CODE_INVALID = {
    "fi": "Vahvistuskoodi ei kelpaa.",
    "sv": "Verifieringskoden är inte giltig.",
    "en": "The verification code is not valid.",
}


def log_in(client, **values):
    fields = form_fields(client.get(LOGIN).content.decode(), "login-form")
    return client.post(LOGIN, dict(with_values(fields, next=ADMIN, **values)), follow=True)


def current_code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def test_production_requires_the_second_factor_by_default():
    env = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_DEBUG": "0"}
    script = "from django.conf import settings; print(settings.ADMIN_REQUIRE_2FA)"
    result = run_manage("shell", "-c", script, env=env)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_a_staff_login_without_the_second_factor_cannot_reach_the_admin(
    client, required, editor, lang
):
    """The right password alone is not enough: the login page asks for the code, in the
    editor's language, and the admin stays closed, also to a session that has a password
    login only."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    response = log_in(client, username="editor", password=PASSWORD)
    assert response.redirect_chain == []
    assert CODE_REQUIRED[lang] in response.content.decode()
    assert client.get(ADMIN).status_code == 302

    client.force_login(editor)  # a password session, not verified by a second factor
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_an_enrolled_editor_logs_in_with_the_code_of_the_app(client, required, editor, lang):
    """enrol_totp prints the address for the app; a wrong code is refused in the editor's
    language, the app's current code opens the admin."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    out = io.StringIO()
    call_command("enrol_totp", "editor", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    assert "Secret (to type in instead): " in out.getvalue()

    response = log_in(client, username="editor", password=PASSWORD, otp_token=current_code(editor))
    assert response.redirect_chain[-1][0] == ADMIN
    assert client.get(ADMIN).status_code == 200

    client.logout()
    wrong = f"{(int(current_code(editor)) + 1) % 1_000_000:06d}"
    response = log_in(client, username="editor", password=PASSWORD, otp_token=wrong)
    assert CODE_INVALID[lang] in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_enrolling_again_needs_replace(editor):
    call_command("enrol_totp", "editor", stdout=io.StringIO())
    first = TOTPDevice.objects.get(user=editor).key
    with pytest.raises(CommandError, match="--replace"):
        call_command("enrol_totp", "editor", stdout=io.StringIO())
    call_command("enrol_totp", "editor", "--replace", stdout=io.StringIO())
    assert TOTPDevice.objects.get(user=editor).key != first


CODES_PAUSED = {
    "fi": "Vahvistus on keskeytetty hetkeksi",
    "sv": "Verifieringen är pausad",
    "en": "Verification is paused",
}


def test_repeated_wrong_codes_pause_verification_in_the_editors_language(
    client, required, editor, lang
):
    """After a wrong code, the next one is not even checked for a while (django-otp's
    throttling): the login page says so in the editor's language."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    call_command("enrol_totp", "editor", stdout=io.StringIO())
    wrong = f"{(int(current_code(editor)) + 1) % 1_000_000:06d}"
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False):
        log_in(client, username="editor", password=PASSWORD, otp_token=wrong)
        response = log_in(client, username="editor", password=PASSWORD, otp_token=wrong)
    assert CODES_PAUSED[lang] in response.content.decode()
    assert client.get(ADMIN).status_code == 302
