import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.db import connections
from django.test import override_settings

from tests.conftest import LANGUAGES
from tests.helpers import elements, language_links

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("accept", "target"),
    [(None, "/fi/"), ("sv-FI,sv;q=0.9", "/sv/"), ("en-GB,en;q=0.8", "/en/"), ("de-DE", "/fi/")],
)
def test_root_redirects_to_preferred_language(client, accept, target):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response["Location"] == target


def test_home_page_in_each_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    alternates = {
        link["hreflang"] for link in elements(html, "link") if link.get("rel") == "alternate"
    }
    assert alternates == {"fi", "sv", "en", "x-default"}
    links = language_links(html)
    assert set(links) == set(LANGUAGES)
    for code, href in links.items():
        assert href == f"/{code}/"
        assert client.get(href).status_code == 200


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("fi", "Kela: organisaatio, kumppanit ja tilastot"),
        ("sv", "FPA: organisation, samarbetspartner och statistik"),
        ("en", "Kela: organisation, partners and statistics"),
    ],
)
def test_home_page_speaks_the_language(client, lang, heading):
    assert heading in client.get(f"/{lang}/").content.decode()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/fi/organisaatio/", 200),
        ("/sv/organisation/", 200),
        ("/en/organisation/", 200),
        ("/fi/tilastot/", 200),
        ("/sv/statistik/", 200),
        ("/en/statistics/", 200),
        ("/en/organisaatio/", 404),
    ],
)
def test_paths_are_translated(client, db, path, expected):
    assert client.get(path).status_code == expected


def test_switcher_leads_to_same_page(client, db, lang):
    html = client.get(
        {"fi": "/fi/organisaatio/", "sv": "/sv/organisation/", "en": "/en/organisation/"}[lang]
    ).content.decode()
    assert language_links(html) == {
        "fi": "/fi/organisaatio/",
        "sv": "/sv/organisation/",
        "en": "/en/organisation/",
    }


def catalogue_files():
    return sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")) + sorted(
        ROOT.glob("*/locale/*/LC_MESSAGES/django.po")
    )


def test_catalogues_translate_every_string():
    files = catalogue_files()
    assert {path.parts[-3] for path in files} == {"fi", "sv"}
    for path in files:
        catalogue = polib.pofile(str(path))
        untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
        assert untranslated == [], f"{path}: untranslated {untranslated}"
        assert fuzzy == [], f"{path}: fuzzy {fuzzy}"


def test_catalogues_are_current(tmp_path):
    """makemessages finds no string that the catalogues lack (nothing new, nothing stale)."""
    before = {path: path.read_bytes() for path in catalogue_files()}
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "fi",
                "-l",
                "sv",
                "--no-obsolete",
                "--ignore=var",
                "--ignore=node_modules",
                "--ignore=bench",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        after = catalogue_files()
        for path in after:
            catalogue = polib.pofile(str(path))
            new = [entry.msgid for entry in catalogue.untranslated_entries()]
            assert new == [], f"{path}: strings missing from the catalogue: {new}"
            if path in before:
                old_ids = {e.msgid for e in polib.pofile(before[path].decode())}
                assert {e.msgid for e in catalogue} == old_ids, f"{path} is not current"
        assert set(after) == set(before)
    finally:
        for path in catalogue_files():
            if path not in before:
                path.unlink()
        for path, content in before.items():
            path.write_bytes(content)


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


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


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


@pytest.mark.parametrize(
    ("lang", "title"),
    [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")],
)
def test_not_found_page_is_localised(client, lang, title):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert title in html


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_server_error_page_renders_without_database(rf):
    from kela_portal.views import server_error

    request = rf.get("/fi/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
