"""The portal as operators run it: the health check, production settings and the error page
that renders without a database."""

from django.db import connections
from django.test import override_settings
from django.utils import translation

from tests.helpers import run_manage


def test_healthz_answers_when_database_is_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_answers_503_when_database_is_down(client, db, settings):
    broken = dict(connections["default"].settings_dict)
    broken.update(HOST="127.0.0.1", PORT="1", OPTIONS={"connect_timeout": 2})
    connection = connections["default"]
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = broken
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict = original
    assert response.status_code == 503


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-1234567890",
    "DJANGO_ALLOWED_HOSTS": "portal.example.fi",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
}


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout


def test_missing_secret_key_stops_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        "Set DJANGO_SECRET_KEY: it is required when DJANGO_DEBUG is off."
    )


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_server_error_page_renders_without_database(rf):
    from kela_portal.views import server_error

    request = rf.get("/en/")
    with translation.override("en"):  # as LocaleMiddleware sets it for /en/
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
