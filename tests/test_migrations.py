"""A database made by an earlier version of the portal migrates forward without losing content.

tests/fixtures/schema-ac1e15c.sql is a dump of a database migrated and loaded by the portal at
commit ac1e15c (before search, feedback and publishing became apps of their own), with one
feedback message; content-ac1e15c.json is that database's content export.
"""

import json
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from publishing.richtext import plain_text_html
from tests.helpers import run_manage

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def manage(database_url, *args):
    """manage.py against the given database; its output."""
    env = {"DATABASE_URL": database_url, "DJANGO_SECRET_KEY": "migration-test"}
    result = run_manage(*args, env={**env, "DJANGO_SECURE_SSL_REDIRECT": "0"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def old_database(db):
    """A database of its own holding the dump of the earlier version; dropped afterwards."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_forward"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(dbname=name, autocommit=True, **server) as old:
            old.execute((FIXTURES / "schema-ac1e15c.sql").read_text(encoding="utf-8"))
        yield f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Plain text an editor may have typed in a unit's responsibilities before they were rich text.
TYPED = "Vastaa A & B <tiedoista>.\nToinen rivi.\n\n- yksi\n- kaksi"
TYPED_HTML = (
    "<p>Vastaa A &amp; B &lt;tiedoista&gt;.<br>Toinen rivi.</p><ul><li>yksi</li><li>kaksi</li></ul>"
)


def rich_responsibilities(label, record):
    """The record as the earlier version's plain responsibilities read now: rich text."""
    if label != "organisation.Unit":
        return record
    return {
        name: plain_text_html(value) if name.startswith("responsibilities") else value
        for name, value in record.items()
    }


def test_an_earlier_database_migrates_forward_with_its_content(old_database):
    with psycopg.connect(old_database, autocommit=True) as old:
        old.execute(
            "UPDATE organisation_unit SET responsibilities_sv = %s WHERE key = 'internal-audit'",
            [TYPED],
        )
    manage(old_database, "migrate", "--noinput")
    before = json.loads((FIXTURES / "content-ac1e15c.json").read_text(encoding="utf-8"))
    after = json.loads(manage(old_database, "export_content"))
    assert (
        next(
            unit for unit in after["models"]["organisation.Unit"] if unit["key"] == "internal-audit"
        )["responsibilities_sv"]
        == TYPED_HTML
    )
    for label, records in before["models"].items():
        now = {record["key"]: record for record in after["models"][label]}
        assert set(now) == {record["key"] for record in records}, label
        for record in records:
            if (label, record["key"]) == ("organisation.Unit", "internal-audit"):
                record = {**record, "responsibilities_sv": TYPED}
            record = rich_responsibilities(label, record)
            # Fields added later may be new; every field the earlier version had is kept.
            assert {name: now[record["key"]][name] for name in record} == record

    report = manage(
        old_database,
        "shell",
        "-c",
        "from feedback.models import Feedback; from search.query import search;"
        "from django.contrib.auth.models import Group;"
        "print(Feedback.objects.get().message);"
        "print(search('kuntoutus', 'fi').first().title);"
        "print(sorted(Group.objects.get(name='Editors').permissions"
        ".filter(content_type__app_label='feedback').values_list('codename', flat=True)))",
    )
    message, first_result, feedback_permissions = report.strip().splitlines()[-3:]
    assert message == "Sivun kontrasti on hyvä."
    assert first_result == "Apua kuntoutukseen ohjaamiseen"
    assert feedback_permissions == "['change_feedback', 'view_feedback']"
