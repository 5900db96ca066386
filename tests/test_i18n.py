"""The portal in Finnish, Swedish and English: language prefixes, translated paths, the
language switch, complete and current catalogues, localised error pages."""

import shutil
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from organisation.models import Unit
from tests.conftest import LANGUAGES
from tests.helpers import elements, language_links, run_manage

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


def in_each_language(url):
    """{language code: url()} with each language active."""
    result = {}
    for code in LANGUAGES:
        with translation.override(code):
            result[code] = url()
    return result


def test_each_page_has_its_own_language_links(client, loaded, lang):
    """The language switcher and the alternate links of each page lead to that page in each
    language, with its query string; the second round, from the links kept per content
    version, gives the same."""
    units = list(Unit.objects.published().order_by("pk")[:2])
    pages = [
        in_each_language(lambda: reverse("home")),
        in_each_language(lambda: reverse("organisation:index")),
        *(in_each_language(unit.get_absolute_url) for unit in units),
        in_each_language(lambda: reverse("partners:index") + "?page=1"),
        in_each_language(lambda: reverse("partners:index")),
    ]
    for _round in range(2):
        for urls in pages:
            html = client.get(urls[lang]).content.decode()
            assert language_links(html) == urls
            alternates = {
                link["hreflang"]: link["href"]
                for link in elements(html, "link")
                if link.get("rel") == "alternate"
            }
            expected = {code: f"http://testserver{url}" for code, url in urls.items()}
            assert alternates == {**expected, "x-default": expected["fi"]}


def catalogue_files(root=ROOT):
    """The catalogues of the Python and template strings (django) and of the JavaScript
    strings (djangojs)."""
    return [
        path
        for domain in ("django", "djangojs")
        for pattern in (f"locale/*/LC_MESSAGES/{domain}.po", f"*/locale/*/LC_MESSAGES/{domain}.po")
        for path in sorted(root.glob(pattern))
    ]


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
    """makemessages finds no string that the catalogues lack (nothing new, nothing stale).

    It runs on a copy of the project, so the tracked catalogues are never touched.
    """
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "node_modules", "bench", "fixtures", "*.mo", "__pycache__"
        ),
    )
    for domain in ("django", "djangojs"):
        result = run_manage(
            "makemessages",
            *("-d", domain, "-l", "fi", "-l", "sv", "--no-obsolete"),
            env={"DJANGO_DEBUG": "1"},
            cwd=copy,
        )
        assert result.returncode == 0, result.stderr
    before = {path.relative_to(ROOT) for path in catalogue_files()}
    assert {path.relative_to(copy) for path in catalogue_files(copy)} == before
    for name in before:
        catalogue = polib.pofile(str(copy / name))
        new = [entry.msgid for entry in catalogue.untranslated_entries()]
        assert new == [], f"{name}: strings missing from the catalogue: {new}"
        old_ids = {entry.msgid for entry in polib.pofile(str(ROOT / name))}
        assert {entry.msgid for entry in catalogue} == old_ids, f"{name} is not current"


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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_not_found_names_no_other_languages_to_search_engines(client, loaded, lang):
    """An address of no page, whether no view answers it or a view finds nothing under it, is
    no page at all to search engines: its head names no canonical address, no og:url and no
    alternates (which would repeat whatever address was asked for). The language menu still
    leads to each language's home page."""
    with translation.override(lang):
        missing_unit = reverse("organisation:index") + "no-such-unit/"
    for path in (f"/{lang}/no-such-page/", missing_unit):
        response = client.get(path)
        assert response.status_code == 404
        html = response.content.decode()
        links = elements(html, "link")
        assert not [link for link in links if link.get("rel") in ("canonical", "alternate")]
        assert not [meta for meta in elements(html, "meta") if meta.get("property") == "og:url"]
        assert set(language_links(response.content.decode())) == {"fi", "sv", "en"}, path
