"""Production hardening: links, inputs, downloads, passwords, robots.txt, headers, imports."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from stats.models import Statistic, StatisticValue
from tests.helpers import language_links
from tests.servers import HAS_NGINX, fetch, gunicorn, nginx


@pytest.mark.parametrize("encoded", [True, False], ids=["%2F", "//"])
def test_not_found_page_links_only_to_this_site(client, loaded, lang, encoded):
    """A 404 reached through a path that looks like another host offers language links that
    all stay on this site, never to that host."""
    if encoded:
        response = client.get(f"/%2Fevil.example/{lang}/")
    else:
        # As a server passes it on: the test client itself would read // as a host name.
        response = client.get("/", PATH_INFO=f"//evil.example/{lang}/")
    assert response.status_code == 404
    links = language_links(response.content.decode())
    assert set(links) == {"fi", "sv", "en"}
    for href in links.values():
        assert href.startswith("/")
        assert not href.startswith("//")
        assert "evil.example" not in href


NOT_YEARS = ["abc", "²", "①", "٣", "-1", "99999999999999999999"]
BAD_REQUEST = {"fi": "Virheellinen pyyntö", "sv": "Felaktig begäran", "en": "Bad request"}


def test_statistics_page_answers_bad_request_for_a_year_that_is_not_plain_digits(
    client, loaded, lang
):
    """A year in the address that is not written in plain digits gets a "bad request" page in
    the visitor's language, never a server error; a year without figures is not found, and a
    year with figures is shown."""
    with translation.override(lang):
        url = reverse("stats:index")
    for year in NOT_YEARS:
        response = client.get(url, {"year": year})
        assert response.status_code == 400, year
        assert f"<h1>{BAD_REQUEST[lang]}</h1>" in response.content.decode(), year
    assert client.get(url, {"year": "1999"}).status_code == 404
    year = StatisticValue.objects.values_list("year", flat=True).first()
    assert client.get(url, {"year": str(year)}).status_code == 200


# An editor's label -> the CSV cell: formulas to a spreadsheet get a leading quote.
LABEL_CELLS = {
    '=HYPERLINK("http://x")': '\'=HYPERLINK("http://x")',
    "+1 talk": "'+1 talk",
    "-ish": "'-ish",
    "@SUM(A1)": "'@SUM(A1)",
    "\tlabel": "'\tlabel",
    "\rlabel": "'\rlabel",
    "Prescriptions = 1": "Prescriptions = 1",
}


def test_csv_download_shows_editor_text_as_text_in_a_spreadsheet(client, loaded, lang):
    """An editor's label that a spreadsheet would run as a formula is downloaded with a
    leading quote, so it opens as text; other labels and every number are as entered."""
    year = StatisticValue.objects.values_list("year", flat=True).first()
    values = StatisticValue.objects.filter(year=year).select_related("statistic")
    values = values.order_by("statistic__key")[: len(LABEL_CELLS)]
    labels = dict(zip((v.statistic.key for v in values), LABEL_CELLS, strict=True))
    for key, label in labels.items():
        Statistic.objects.filter(key=key).update(**{f"label_{lang}": label})
    with translation.override(lang):
        url = reverse("stats:csv", args=[year])
    response = client.get(url)
    assert response.status_code == 200
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert {key: rows[key]["label"] for key in labels} == {
        key: LABEL_CELLS[label] for key, label in labels.items()
    }
    assert {key: rows[key]["value"] for key in labels} == {
        v.statistic.key: str(v.value) for v in values
    }


@pytest.mark.parametrize(
    ("password", "created"),
    [("Vx9#kQ2!mLp", False), ("Vx9#kQ2!mLpz", True), ("Vx9#kQ2!mLpz-Rt5", True)],
)
def test_create_editor_needs_a_password_of_at_least_twelve_characters(
    db, monkeypatch, password, created
):
    """An editor account is refused a password shorter than twelve characters, with a message
    saying it is too short; a strong password of twelve or more characters is accepted."""
    monkeypatch.setenv("KELA_EDITOR_PASSWORD", password)
    email = "editor@kela.example"
    if created:
        call_command("create_editor", email, stdout=io.StringIO())
        assert get_user_model().objects.get(username=email).check_password(password)
    else:
        with pytest.raises(CommandError, match="at least 12 characters"):
            call_command("create_editor", email, stdout=io.StringIO())
        assert not get_user_model().objects.filter(username=email).exists()


def test_robots_txt_does_not_reveal_the_admin_address(client, settings):
    """robots.txt lets crawlers in everywhere and points them at the sitemap, without naming
    the secret address of the admin."""
    settings.ADMIN_PATH = "hidden-desk-7f3k/"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "hidden-desk-7f3k" not in body
    assert "User-agent: *" in body
    disallowed = [line for line in body.splitlines() if line.startswith("Disallow:")]
    assert disallowed in ([], ["Disallow:"])
    assert "Sitemap: http://testserver/sitemap.xml" in body


SERVED_STATUSES = {
    "/fi/": 200,
    "/sv/": 200,
    "/en/": 200,
    "/fi/no-such-page/": 404,
    "/robots.txt": 200,
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not HAS_NGINX, reason="nginx is installed by .ci/system-deps")
def test_served_pages_do_not_name_the_server_software(tmp_path):
    """The portal as served in production (nginx in front of gunicorn) does not tell visitors
    which application server runs it, nor nginx's version, on its pages in every language, on
    a page not found, or on robots.txt."""
    call_command("load_content", verbosity=0)
    with gunicorn() as direct, nginx(direct.removeprefix("http://"), tmp_path) as base:
        for path, expected in SERVED_STATUSES.items():
            status, headers, _body = fetch(base + path)
            assert status == expected, path
            assert not [v for v in headers.values() if "gunicorn" in v.lower()], (path, headers)
            assert headers["Server"] == "nginx", path


# Held to the given cores (argv[1], comma-separated), then gunicorn prints its configuration.
ON_CORES = (
    "import os, sys; os.sched_setaffinity(0, map(int, sys.argv[1].split(',')));"
    " os.execv(sys.executable, [sys.executable, '-m', 'gunicorn', *sys.argv[2:]])"
)


@pytest.mark.parametrize("cores", ["one", "all"])
def test_gunicorn_runs_one_worker_per_core_it_may_use(cores):
    """Without GUNICORN_WORKERS, gunicorn (as the Dockerfile and `make serve` start it) runs
    one sync worker per core its process may run on: one when held to a single core, as a
    container's CPU set holds it."""
    allowed = sorted(os.sched_getaffinity(0))[: 1 if cores == "one" else None]
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_WORKERS"}
    config = subprocess.run(
        [sys.executable, "-c", ON_CORES, ",".join(map(str, allowed))]
        + ["-c", "kela_portal/gunicorn.conf.py", "--print-config", "kela_portal.wsgi"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    workers = [
        line.split("=")[1].strip()
        for line in config.stdout.splitlines()
        if line.startswith("workers ")
    ]
    assert workers == [str(len(allowed))]


def exported(tmp_path, name):
    """The content as export_content writes it: a file, and its parsed data."""
    path = tmp_path / name
    call_command("export_content", str(path))
    return path, json.loads(path.read_text())


def test_import_with_an_impossible_date_names_the_record_and_writes_nothing(loaded, tmp_path):
    """An import file whose record has a date that cannot exist is refused with the record
    named, and nothing in it is written, not even its valid changes."""
    path, data = exported(tmp_path, "content.json")
    before = path.read_bytes()
    topics = {record["key"]: record for record in data["models"]["partners.Topic"]}
    topics["reform"]["updated_at"] = "2026-13-45"
    changed = next(key for key in sorted(topics) if key != "reform")
    topics[changed]["title_en"] = "Retitled by the import"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as error:
        call_command("import_content", str(path), "--update", verbosity=0)
    assert "partners.Topic 'reform': " in str(error.value)
    assert exported(tmp_path, "after.json")[0].read_bytes() == before


def test_import_with_a_key_twice_names_it_and_writes_nothing(loaded, tmp_path):
    """An import file listing the same key twice for one kind of content is refused with a
    "duplicate key" error naming it, instead of one of the two being quietly ignored, and
    nothing in it is written."""
    path, data = exported(tmp_path, "content.json")
    before = path.read_bytes()
    topics = data["models"]["partners.Topic"]
    copy = next(record for record in topics if record["key"] == "reform")
    copy = {
        **copy,
        "key": "reform-copy",
        **{f"slug_{code}": f"{copy[f'slug_{code}']}-copy" for code in ("fi", "sv", "en")},
    }
    topics += [copy, {**copy, "title_en": "A second, different reform copy"}]
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as error:
        call_command("import_content", str(path), verbosity=0)
    assert "partners.Topic 'reform-copy': duplicate key" in str(error.value)
    assert exported(tmp_path, "after.json")[0].read_bytes() == before
