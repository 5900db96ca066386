import html
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from organisation.content import load
from organisation.models import Kind, Unit
from publishing.importing import Importer
from tests.conftest import LANGUAGES
from tests.helpers import elements, language_links

INDEX = {"fi": "/fi/organisaatio/", "sv": "/sv/organisation/", "en": "/en/organisation/"}
# The source document of the organisation chart, as the seeds hold it.
SEED = Path(__file__).resolve().parent / "fixtures" / "seeds" / "organisation-chart.txt"
CYCLE_MESSAGE = "A unit cannot be its own ancestor"
SLUG_MESSAGE = "Another item already has this address name (slug) in this language."


@pytest.fixture
def units(db):
    """The organisation's units as the content command loads them (this app's part only)."""
    load(Importer())


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def hrefs(text):
    return {a.get("href") for a in elements(text, "a")}


def url_of(unit, lang):
    with translation.override(lang):
        return unit.get_absolute_url()


def names(kind, parent=None):
    units = Unit.objects.filter(kind=kind)
    if parent:
        units = units.filter(parent__key=parent)
    return [unit.name_en for unit in units]


# Loaded content


def test_loaded_organisation_has_exactly_the_units_of_the_seed(units):
    assert names(Kind.BUSINESS) == [
        "Local Customer Service",
        "Nationwide Customer Service",
        "Unit for IT and Security Services",
        "Information Services",
        "Shared Services",
    ]
    # Internal Audit is counted as an operational unit that reports to the Director General.
    assert names(Kind.OPERATIONAL) == [
        "Strategic Management Unit",
        "Communications Unit",
        "Internal Audit",
    ]
    assert not Unit.objects.filter(kind__in=[Kind.BUSINESS, Kind.OPERATIONAL], parent__isnull=False)
    assert names(Kind.REGIONAL, "local-customer-service") == [
        "Southern Customer Service Unit",
        "Eastern Customer Service Unit",
        "Central Customer Service Unit",
        "Western Customer Service Unit and Kela Åland Islands",
        "Northern Customer Service Unit",
    ]
    assert names(Kind.NATIONWIDE, "nationwide-customer-service") == [
        "Housing, Family and Unemployment Benefits Unit",
        "Health and Rehabilitation Benefits Unit",
        "Pensions and International Affairs Unit",
        "Basic Social Assistance Unit",
    ]
    assert names(Kind.OTHER, "local-customer-service") == ["Customer Relations Development Unit"]
    assert names(Kind.OTHER, "nationwide-customer-service") == [
        "Customer Relations Unit",
        "Medical Advisory Unit",
        "Benefits and Services Planning Unit",
    ]
    assert Unit.objects.filter(kind=Kind.INDEPENDENT).count() == 0
    assert Unit.objects.count() == 5 + 3 + 5 + 4 + 4


def test_every_unit_name_is_in_the_seed_and_translated(units):
    seed = SEED.read_text(encoding="utf-8").lower()
    for unit in Unit.objects.all():
        for part in unit.name_en.lower().split(" and kela"):
            assert part in seed, unit.name_en
        assert unit.name_fi and unit.name_sv and unit.summary_sv and unit.slug_sv


def test_kela_aland_appears_with_the_western_unit(units):
    western = Unit.objects.get(key="western-customer-service-unit")
    assert western.parent.key == "local-customer-service"
    assert "Kela Åland Islands" in western.name_en
    assert western.name_sv == "Västra kundbetjäningsenheten och FPA Åland"
    assert western.responsibilities_en == "<p>People living in Åland are served by Kela Åland.</p>"
    assert western.responsibilities_sv == "<p>Personer som bor på Åland betjänas av FPA Åland.</p>"


def test_it_and_security_responsibilities_are_complete(units):
    text = Unit.objects.get(key="it-and-security-services").responsibilities_en
    for phrase in ["data protection, data security and security services", "Eepos", "Kanta"]:
        assert phrase in text


def test_data_file_gives_every_language(db):
    data = json.loads(Path("organisation/data/units.json").read_text(encoding="utf-8"))
    for item in data["units"]:
        for field in ["name", "slug", "summary", "responsibilities"]:
            assert set(item[field]) == set(LANGUAGES), (item["key"], field)


# Pages


@pytest.mark.parametrize(
    ("lang", "counts", "head"),
    [
        (
            "fi",
            ["5 tulosyksikköä", "3 toimintayksikköä", "5 alueellista asiakaspalveluyksikköä"],
            "Pääjohtaja",
        ),
        (
            "sv",
            ["5 resultatenheter", "3 verksamhetsenheter", "5 regionala kundbetjäningsenheter"],
            "Generaldirektör",
        ),
        (
            "en",
            ["5 business units", "3 operational units", "5 regional customer service units"],
            "Director General",
        ),
    ],
)
def test_organisation_page_shows_the_chart_with_counts(client, units, lang, counts, head):
    text = page(client, INDEX[lang])
    for count in counts:
        assert count in text
    assert f'<p class="org-box org-head">{head}</p>' in text
    assert text.count("<h1>") == 1
    assert len(elements(text, "details")) == 2
    for unit in Unit.objects.all():
        assert url_of(unit, lang) in hrefs(text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", ["4 valtakunnallista palvelukeskusta", "3 muuta yksikköä", "1 muu yksikkö"]),
        ("sv", ["4 riksomfattande servicecenter", "3 andra enheter", "1 annan enhet"]),
        ("en", ["4 nationwide customer service units", "3 other units", "1 other unit"]),
    ],
)
def test_counts_use_plural_forms(client, units, lang, expected):
    text = page(client, INDEX[lang])
    for label in expected:
        assert label in text


def test_every_unit_page_in_every_language(client, units, lang):
    units = list(Unit.objects.all())
    for unit in units:
        url = url_of(unit, lang)
        text = page(client, url)
        name = getattr(unit, f"name_{lang}")
        assert f"<h1>{name}</h1>" in text
        links = hrefs(text)
        parent_url = url_of(unit.parent, lang) if unit.parent else INDEX[lang]
        assert parent_url in links
        for child in unit.children.all():
            assert url_of(child, lang) in links
        siblings = [u for u in units if u.parent_id == unit.parent_id and u != unit]
        for sibling in siblings:
            assert url_of(sibling, lang) in links
        switcher = language_links(text)
        assert switcher == {code: url_of(unit, code) for code in LANGUAGES}
        for code, href in switcher.items():
            assert f"<h1>{getattr(unit, f'name_{code}')}</h1>" in page(client, href)


def test_unit_page_shows_kind_summary_responsibilities_and_breadcrumbs(client, units):
    unit = Unit.objects.get(key="western-customer-service-unit")
    text = page(client, url_of(unit, "en"))
    assert "Regional customer service unit" in text
    assert unit.summary_en in text
    assert "<h2>Responsibilities</h2>" in text
    assert "People living in Åland are served by Kela Åland." in text
    crumbs = [a["href"] for a in elements(text.split('class="breadcrumbs"')[1], "a")][:4]
    assert crumbs == [
        "/en/",
        "/en/organisation/",
        "/en/organisation/local-customer-service/",
        "/en/organisation/western-customer-service-unit/",
    ]


def test_swedish_pages_show_swedish_not_the_finnish_fallback(client, units):
    text = page(client, INDEX["sv"])
    for name in [
        "Lokal kundbetjäning",
        "Riksomfattande kundbetjäning",
        "Enheten för IT- och säkerhetstjänster",
        "Internrevisionen",
        "Västra kundbetjäningsenheten och FPA Åland",
        "Servicecentret för grundläggande utkomststöd",
        "Expertläkarenheten",
    ]:
        assert name in text
    assert "Paikallisasiakkuudet" not in text
    assert "untranslated-notice" not in text
    unit = page(client, "/sv/organisation/lokal-kundbetjaning/")
    assert "<h1>Lokal kundbetjäning</h1>" in unit
    assert "Personer som bor på Åland betjänas av FPA Åland." in unit
    assert "Resultatenhet vid FPA" in unit
    assert "untranslated-notice" not in unit


def test_missing_swedish_name_falls_back_to_finnish_marked(client, units):
    unit = Unit.objects.get(key="shared-services")
    unit.name_sv = ""
    unit.save()
    text = client.get("/sv/organisation/gemensamma-tjanster/").content.decode()
    assert '<span lang="fi">Yhteiset palvelut</span>' in text


def add_units(count):
    parents = list(Unit.objects.all())
    Unit.objects.bulk_create(
        Unit(
            key=f"extra-{n}",
            kind=Kind.OTHER,
            parent=parents[n % len(parents)],
            order=100 + n,
            name_fi=f"Lisäyksikkö {n}",
            name_sv=f"Extraenhet {n}",
            name_en=f"Extra unit {n}",
            slug_fi=f"lisayksikko-{n}",
            slug_sv=f"extraenhet-{n}",
            slug_en=f"extra-unit-{n}",
            summary_fi="Testi.",
        )
        for n in range(count)
    )
    cache.clear()  # bulk_create sends no signals: drop cached pages as a save would


@pytest.mark.parametrize("url", [INDEX["en"], "/en/organisation/local-customer-service/"])
def test_pages_run_a_bounded_number_of_queries(client, units, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
    add_units(100)
    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert "Extra unit 0" in response.content.decode()


def test_drafts_are_hidden_from_visitors_and_previewed_by_staff(client, units, admin_user):
    Unit.objects.filter(key="local-customer-service").update(is_published=False)
    assert "Southern Customer Service Unit" not in page(client, INDEX["en"])
    assert client.get("/en/organisation/local-customer-service/").status_code == 404
    assert client.get("/en/organisation/southern-customer-service-unit/").status_code == 404
    client.force_login(admin_user)
    text = page(client, "/en/organisation/local-customer-service/")
    assert "draft-banner" in text


# Integrity: cycles, slugs, Finnish name


def test_cycle_is_refused_by_the_model(units):
    top = Unit.objects.get(key="local-customer-service")
    top.parent = Unit.objects.get(key="southern-customer-service-unit")
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert CYCLE_MESSAGE in error.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        top.save()
    top.parent = top
    with pytest.raises(ValidationError):
        top.save()
    assert Unit.objects.get(key="local-customer-service").parent is None


def test_own_parent_is_refused_by_the_database(units):
    unit = Unit.objects.get(key="shared-services")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(parent=unit)


def test_duplicate_slug_is_refused_in_every_language(units):
    for lang in LANGUAGES:
        existing = getattr(Unit.objects.get(key="shared-services"), f"slug_{lang}")
        unit = Unit(
            key=f"copy-{lang}",
            kind=Kind.OTHER,
            name_fi="Kopio",
            slug_fi=f"kopio-{lang}",
            summary_fi="Kopio.",
        )
        setattr(unit, f"slug_{lang}", existing)
        with pytest.raises(ValidationError) as error:
            unit.full_clean()
        assert error.value.message_dict[f"slug_{lang}"] == [SLUG_MESSAGE]
        with pytest.raises(IntegrityError), transaction.atomic():
            unit.save()


def test_finnish_name_is_required(units):
    unit = Unit(key="nameless", kind=Kind.OTHER, slug_fi="nimeton", summary_fi="X.", name_sv="N")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "name_fi" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()


# Admin


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def form_data(unit, **changes):
    data = {
        "key": unit.key,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "order": unit.order,
        "is_published": "on",
    }
    for field in ["name", "slug", "summary", "responsibilities"]:
        for lang in LANGUAGES:
            data[f"{field}_{lang}"] = getattr(unit, f"{field}_{lang}")
    data.update(changes)
    return data


def test_admin_refuses_a_cycle_with_a_clear_message(admin_client_, units):
    top = Unit.objects.get(key="nationwide-customer-service")
    child = Unit.objects.get(key="medical-advisory-unit")
    url = reverse("admin:organisation_unit_change", args=[top.pk])
    response = admin_client_.post(url, form_data(top, parent=child.pk))
    assert response.status_code == 200
    assert CYCLE_MESSAGE in html.unescape(response.content.decode())
    assert Unit.objects.get(pk=top.pk).parent is None


def test_admin_refuses_a_duplicate_slug_with_a_clear_message(admin_client_, units):
    other = Unit.objects.get(key="shared-services")
    unit = Unit(key="new-unit", kind=Kind.OTHER, order=1)
    for lang in LANGUAGES:
        setattr(unit, f"name_{lang}", f"New {lang}")
        setattr(unit, f"slug_{lang}", f"new-{lang}")
        setattr(unit, f"summary_{lang}", "New.")
        setattr(unit, f"responsibilities_{lang}", "")
    data = form_data(unit, slug_sv=other.slug_sv)
    response = admin_client_.post(reverse("admin:organisation_unit_add"), data)
    assert response.status_code == 200
    assert SLUG_MESSAGE in html.unescape(response.content.decode())
    assert not Unit.objects.filter(key="new-unit").exists()
    response = admin_client_.post(reverse("admin:organisation_unit_add"), form_data(unit))
    assert response.status_code == 302
    assert Unit.objects.get(key="new-unit").name_sv == "New sv"


def test_admin_lists_units_as_a_tree(admin_client_, units):
    text = page(admin_client_, reverse("admin:organisation_unit_changelist"))
    local = text.index("Local Customer Service")
    assert local < text.index("— Southern Customer Service Unit") < text.index("Nationwide")
    assert 'name="form-0-order"' in text
    filtered = page(
        admin_client_, reverse("admin:organisation_unit_changelist") + "?kind__exact=regional"
    )
    rows = filtered.split('id="result_list"')[1]
    assert "5 units" in filtered and "Northern" in rows and "Medical" not in rows


@pytest.mark.parametrize("query", ["Internrevisionen", "Sisäinen tarkastus", "Internal Audit"])
def test_admin_searches_names_in_every_language(admin_client_, units, query):
    url = reverse("admin:organisation_unit_changelist")
    text = page(admin_client_, f"{url}?q={query}")
    assert "1 unit" in text and "Internal Audit" in text


def test_admin_change_form_has_language_tabs(admin_client_, units):
    unit = Unit.objects.get(key="internal-audit")
    text = page(admin_client_, reverse("admin:organisation_unit_change", args=[unit.pk]))
    assert "modeltranslation/js/tabbed_translation_fields" in text
    assert 'name="name_sv"' in text
    assert "History" in text


# Loading


def test_loading_twice_creates_no_duplicates(loaded):
    before = sorted(Unit.objects.values_list("pk", "key", "parent_id"))
    call_command("load_content", verbosity=0)
    assert sorted(Unit.objects.values_list("pk", "key", "parent_id")) == before


def test_edited_name_survives_a_load_unless_updating(loaded):
    Unit.objects.filter(key="shared-services").update(name_sv="Redigerat namn")
    call_command("load_content", verbosity=0)
    assert Unit.objects.get(key="shared-services").name_sv == "Redigerat namn"
    call_command("load_content", "--update", verbosity=0)
    assert Unit.objects.get(key="shared-services").name_sv == "Gemensamma tjänster"


def test_content_command_help_explains_update():
    from publishing.management.commands.load_content import Command

    parser = Command().create_parser("manage.py", "load_content")
    text = " ".join(parser.format_help().split())
    assert "editors' changes survive" in text and "--update" in text
