"""One working day at Kela as figures, a chart and open data, by year."""

import csv
import io
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from publishing.importing import Importer
from stats import content
from stats.models import Statistic, StatisticValue
from stats.views import CHART_BAR_SPACE
from tests.helpers import elements, language_links

NB = "\u00a0"  # Finnish and Swedish group digits with a no-break space (Django's formats)

# The seed's thirteen figures: key -> (value in base units, reference year), in the 2020 figures.
SEED = {
    "kanta-prescriptions": (100_000, 2020),
    "kanta-documents": (1_300_000, 2019),
    "medicine-purchases": (96_200, 2020),
    "medical-care-trips": (14_200, 2020),
    "applications-online": (39_000, 2020),
    "applications-paper": (13_000, 2020),
    "calls-answered": (7_700, 2020),
    "calls-made": (7_000, 2020),
    "service-point-customers": (3_500, 2020),
    "benefit-decisions": (23_600, 2020),
    "benefits-paid": (58_100_000, 2020),
    "partner-calls-answered": (1_100, 2020),
    "partner-calls-made": (800, 2020),
}

INDEX = {"fi": "/fi/tilastot/", "sv": "/sv/statistik/", "en": "/en/statistics/"}

# What a reader sees, per language.
SEEN = {
    "fi": {
        "prescriptions": f"100{NB}000",
        "documents": f"1,3{NB}milj.",
        "benefits": f"58,1{NB}milj.{NB}€",
        "share": f"39{NB}000 / (39{NB}000 + 13{NB}000) = 75{NB}%",
        "calls": f"7{NB}700 + 7{NB}000 = 14{NB}700",
        "reference_2019": "Viitevuosi 2019",
        "note_2019": "Luku perustuu v. 2019 tietoihin. Tieto päivittyy myöhemmin.",
        "general_note": "Päiväkohtaiset keskiarvot perustuvat vuoden 2020 aikana toteutuneisiin "
        "tapahtumiin.",
        "no_value": "Tälle vuodelle ei ole arvoa.",
        "label": "Kanta-palveluihin tallennetut reseptit",
        "group": "Tallennamme Kanta-palveluihin",
        "negative": "Arvo ei voi olla negatiivinen.",
    },
    "sv": {
        "prescriptions": f"100{NB}000",
        "documents": f"1,3{NB}milj.",
        "benefits": f"58,1{NB}milj.{NB}euro",
        "share": f"39{NB}000 / (39{NB}000 + 13{NB}000) = 75{NB}%",
        "calls": f"7{NB}700 + 7{NB}000 = 14{NB}700",
        "reference_2019": "Referensår 2019",
        "note_2019": "Siffran bygger på uppgifter från 2019. Uppgiften uppdateras senare.",
        "general_note": "De dagliga medeltalen bygger på händelser under år 2020.",
        "no_value": "Inget värde för det här året.",
        "label": "Recept som sparas i Kanta-tjänsterna",
        "group": "Vi sparar i Kanta-tjänsterna",
        "negative": "Värdet kan inte vara negativt.",
    },
    "en": {
        "prescriptions": "100,000",
        "documents": "1.3 million",
        "benefits": "€58.1 million",
        "share": "39,000 / (39,000 + 13,000) = 75%",
        "calls": "7,700 + 7,000 = 14,700",
        "reference_2019": "Reference year 2019",
        "note_2019": "The figure is based on 2019 data. It will be updated later.",
        "general_note": "The daily averages are based on events in 2020.",
        "no_value": "No value for this year.",
        "label": "Prescriptions stored in Kanta Services",
        "group": "We store in Kanta Services",
        "negative": "The value cannot be negative.",
    },
}


@pytest.fixture
def figures(db):
    """The stats app's content, loaded through the project's shared content loader."""
    content.load(Importer())


def figure_block(html, key):
    """The text of the figure with this key on the page (its <li> element)."""
    match = re.search(rf'<li class="stats-figure" data-key="{key}"[^>]*>(.*?)</li>', html, re.S)
    assert match, f"no figure {key}"
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def page(client, lang, query=""):
    response = client.get(INDEX[lang] + query)
    assert response.status_code == 200
    return response.content.decode()


def add_value(key, year, value, **extra):
    statistic = Statistic.objects.get(key=key)
    return StatisticValue.objects.create(
        statistic=statistic, year=year, reference_year=year, value=value, **extra
    )


# Loading


def test_loading_gives_the_seeds_thirteen_figures_and_years(figures):
    values = StatisticValue.objects.select_related("statistic")
    assert Statistic.objects.count() == 13
    assert {v.statistic.key: (v.value, v.reference_year) for v in values} == SEED
    assert {v.year for v in values} == {2020}
    documents = StatisticValue.objects.get(statistic__key="kanta-documents")
    assert documents.note_fi == SEEN["fi"]["note_2019"]
    assert documents.note_sv == SEEN["sv"]["note_2019"]
    assert documents.note_en == SEEN["en"]["note_2019"]
    assert Statistic.objects.get(key="benefits-paid").unit == Statistic.Unit.EUROS
    assert {s.group for s in Statistic.objects.all()} == set(Statistic.Group.values)


def test_the_content_command_loads_the_figures_idempotently(loaded):
    assert StatisticValue.objects.count() == 13
    call_command("load_content", verbosity=0)
    assert StatisticValue.objects.count() == 13
    assert StatisticValue.objects.get(statistic__key="benefits-paid").value == 58_100_000


def test_loading_again_keeps_everything(figures):
    loader = Importer()
    content.load(loader)
    assert sorted(loader.counts.values()) == [13, 13]  # statistics and values
    assert {what for _label, what in loader.counts} == {"kept"}
    assert StatisticValue.objects.count() == 13


def test_every_label_and_note_is_in_three_languages(figures):
    for statistic in Statistic.objects.all():
        assert statistic.label_fi and statistic.label_sv and statistic.label_en
        assert statistic.explanation_fi and statistic.explanation_sv and statistic.explanation_en
    for value in StatisticValue.objects.all():
        assert value.note_fi and value.note_sv and value.note_en


# The page


def test_page_shows_the_figures_as_the_language_writes_them(client, figures, lang):
    html = page(client, lang)
    seen = SEEN[lang]
    assert len(elements(html, "h1")) == 1
    assert seen["prescriptions"] in figure_block(html, "kanta-prescriptions")
    assert seen["documents"] in figure_block(html, "kanta-documents")
    assert seen["benefits"] in figure_block(html, "benefits-paid")
    assert seen["label"] in figure_block(html, "kanta-prescriptions")
    assert f'<h2 id="stats-group-1">{seen["group"]}</h2>' in html
    for key in SEED:
        figure_block(html, key)


@pytest.mark.parametrize(
    ("lang", "prescriptions", "benefits"),
    [("fi", "100 000", "58,1"), ("sv", "100 000", "58,1"), ("en", "100,000", "58.1")],
)
def test_numbers_read_as_each_language_writes_them(client, figures, lang, prescriptions, benefits):
    text = page(client, lang).replace(NB, " ")
    assert prescriptions in text
    assert benefits in text


def test_each_figure_has_its_reference_year_and_the_2019_footnote(client, figures, lang):
    html = page(client, lang)
    seen = SEEN[lang]
    documents = figure_block(html, "kanta-documents")
    assert seen["reference_2019"] in documents
    assert seen["note_2019"] in documents
    prescriptions = figure_block(html, "kanta-prescriptions")
    assert seen["reference_2019"].replace("2019", "2020") in prescriptions
    assert seen["note_2019"] not in prescriptions
    assert html.count(seen["note_2019"]) == 1
    assert seen["general_note"] in html


def test_derived_figures_show_their_formulas(client, figures, lang):
    html = page(client, lang)
    assert SEEN[lang]["share"] in html
    assert SEEN[lang]["calls"] in html
    partner_calls = {"fi": f"1{NB}100 + 800 = 1{NB}900", "sv": f"1{NB}100 + 800 = 1{NB}900"}
    assert partner_calls.get(lang, "1,100 + 800 = 1,900") in html


def test_derived_figure_needs_every_input(client, figures):
    StatisticValue.objects.filter(statistic__key="applications-paper").update(is_published=False)
    html = page(client, "en")
    assert "75%" not in html
    assert "Applications received in total" not in html
    assert "7,700 + 7,000 = 14,700" in html


def test_unpublished_figures_appear_nowhere(client, figures):
    Statistic.objects.filter(key="calls-made").update(is_published=False)
    StatisticValue.objects.filter(statistic__key="calls-answered").update(is_published=False)
    html = page(client, "en")
    assert 'data-key="calls-made"' not in html
    assert "7,700" not in html
    assert "14,700" not in html
    rows = list(csv.DictReader(io.StringIO(client.get("/en/statistics/2020.csv").content.decode())))
    assert {"calls-made", "calls-answered"}.isdisjoint(row["key"] for row in rows)
    figures_json = client.get("/en/statistics/2020.json").json()["figures"]
    assert len(figures_json) == 11


# The chart and its table


# Each group's counts: the figures compare within their group, on the group's own scale.
GROUPS = {
    "kanta": ["kanta-prescriptions", "kanta-documents"],
    "reimburse": ["medicine-purchases", "medical-care-trips"],
    "receive": ["applications-online", "applications-paper"],
    "calls": ["calls-answered", "calls-made"],
    "serve": ["service-point-customers"],
    "decide": ["benefit-decisions"],
    "partners": ["partner-calls-answered", "partner-calls-made"],
}


def charts(html):
    """[(svg attributes, [bar attributes], svg source)] of the page's charts, in order."""
    sources = re.findall(r"<svg .*?</svg>", html, re.S)
    return [(elements(source, "svg")[0], elements(source, "g"), source) for source in sources]


def test_charts_are_accessible_svgs_with_the_tables_numbers(client, figures, lang):
    html = page(client, lang)
    found = charts(html)
    assert [[bar["data-key"] for bar in bars] for _svg, bars, _src in found] == list(
        GROUPS.values()
    )
    for svg, _bars, source in found:
        assert svg["role"] == "img"
        assert svg["width"] == "100%"
        assert svg["viewbox"].startswith("0 0 ")
        title_id, desc_id = svg["aria-labelledby"].split()
        title = re.search(rf'<title id="{title_id}">(.+?)</title>', source)
        desc = re.search(rf'<desc id="{desc_id}">(.+?)</desc>', source)
        assert title and "2020" in title.group(1)
        assert desc and svg["data-scale"] and desc.group(1)

    bars = {g["data-key"]: int(g["data-value"]) for _svg, bars, _src in found for g in bars}
    cells = {td["data-value"] for td in elements(html, "td") if "data-value" in td}
    counts = {k: v for k, (v, _year) in SEED.items() if k != "benefits-paid"}
    assert bars == counts
    assert {str(v) for v in bars.values()} == cells
    table = html[html.index('<table class="stats-table">') :]
    separator = {"fi": NB, "sv": NB, "en": ","}[lang]
    for key, value in counts.items():
        row = re.search(rf'<tr data-key="{key}">(.*?)</tr>', table, re.S).group(1)
        shown = re.search(r'<td class="num" data-value="\d+">([^<]+)</td>', row).group(1)
        assert shown == f"{value:,}".replace(",", separator)


SCALE = {
    "fi": "asteikko 0–1{NB}500{NB}000",
    "sv": "skala 0–1{NB}500{NB}000",
    "en": "scale 0–1,500,000",
}


def test_each_group_has_its_own_stated_scale_so_no_bar_is_a_sliver(client, figures, lang):
    html = page(client, lang)
    for svg, bars, source in charts(html):
        scale = int(svg["data-scale"])
        largest = max(int(bar["data-value"]) for bar in bars)
        # The scale is stated in the chart and holds the group's largest figure without
        # dwarfing it: the largest bar of every group fills at least two thirds of the scale.
        assert largest <= scale < largest * 1.5
        widths = [float(rect["width"]) for rect in elements(source, "rect")]
        assert max(widths) >= 2 / 3 * CHART_BAR_SPACE
        ticks = re.findall(r'<text class="stats-chart-tick"[^>]*>([^<]+)</text>', source)
        assert ticks[0] == "0" and ticks[-1] == f"{scale:,}".replace(
            ",", {"fi": NB, "sv": NB, "en": ","}[lang]
        )
    # The figcaption says the scale in words, e.g. Kanta Services' 0 to 1,500,000.
    assert SCALE[lang].format(NB=NB) in html
    # Kanta Services' prescriptions (100,000) are no sliver beside its 1.3 million documents.
    kanta = charts(html)[0][2]
    prescriptions = re.search(
        r'data-key="kanta-prescriptions".*?<rect [^>]*width="([\d.]+)"', kanta, re.S
    )
    assert float(prescriptions.group(1)) >= 20


OTHER_YEAR = {
    "fi": "Katkoviivainen palkki: perustuu vuoden 2019 tietoihin",
    "sv": "Streckad stapel: bygger på uppgifter från 2019",
    "en": "Dashed bar: based on the data of 2019",
}


def test_a_figure_of_another_reference_year_is_marked_in_the_chart(client, figures, lang):
    html = page(client, lang)
    marked = {
        bar["data-key"]: bar["data-reference-year"]
        for _svg, bars, _src in charts(html)
        for bar in bars
        if "data-reference-year" in bar
    }
    assert marked == {"kanta-documents": "2019"}
    row = re.search(r'<g [^>]*data-key="kanta-documents".*?</g>', html, re.S).group(0)
    assert "stats-chart-bar-other-year" in row
    assert OTHER_YEAR[lang] in row


def test_chart_and_table_are_described(client, figures):
    html = page(client, "fi")
    assert ">Lukumääriä yhden työpäivän aikana Kelassa, 2020</caption>" in html
    assert '<th scope="col">Luku</th>' in html
    assert html.count('<th scope="row">') >= 12
    assert " style=" not in html and "<style" not in html and "<script" not in html


def test_chart_bars_keep_their_colours_in_forced_colours_mode():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    section = css[css.index("/* stats */") :]
    assert ".stats-chart-bar { fill: currentColor; }" in section
    assert "@media (forced-colors: active)" in section
    assert "fill: CanvasText" in section


# Open data


def test_csv_parses_into_the_same_numbers(client, figures, lang):
    with translation.override(lang):
        url = reverse("stats:csv", args=[2020])
    assert url == INDEX[lang] + "2020.csv"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert {row["key"]: (int(row["value"]), int(row["reference_year"])) for row in rows} == SEED
    assert {row["year"] for row in rows} == {"2020"}
    by_key = {row["key"]: row for row in rows}
    assert by_key["kanta-prescriptions"]["label"] == SEEN[lang]["label"]
    assert by_key["kanta-prescriptions"]["group_label"] == SEEN[lang]["group"]
    assert by_key["kanta-documents"]["note"] == SEEN[lang]["note_2019"]
    assert by_key["calls-made"]["note"] == SEEN[lang]["general_note"]


def valid_figure(item):
    """The schema of one figure of the JSON open data."""
    types = {
        "key": str,
        "group": str,
        "group_label": str,
        "label": str,
        "unit": str,
        "value": int,
        "year": int,
        "reference_year": int,
        "note": str,
    }
    return (
        set(item) == set(types)
        and all(type(item[name]) is kind for name, kind in types.items())
        and item["unit"] in {"count", "euros"}
        and item["value"] >= 0
        and item["reference_year"] <= item["year"]
        and item["label"] != ""
    )


def test_json_validates_against_the_schema(client, figures, lang):
    response = client.get(INDEX[lang] + "2020.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data) == {"year", "language", "figures"}
    assert data["year"] == 2020
    assert data["language"] == lang
    assert all(valid_figure(item) for item in data["figures"])
    assert {f["key"]: (f["value"], f["reference_year"]) for f in data["figures"]} == SEED
    by_key = {f["key"]: f for f in data["figures"]}
    assert by_key["kanta-prescriptions"]["label"] == SEEN[lang]["label"]
    assert by_key["kanta-documents"]["note"] == SEEN[lang]["note_2019"]


def test_page_links_to_the_open_data(client, figures, lang):
    html = page(client, lang)
    links = {a["href"] for a in elements(html, "a")}
    assert {INDEX[lang] + "2020.csv", INDEX[lang] + "2020.json"} <= links


# Years


def test_a_year_with_figures_missing_is_not_shown(client, figures, lang):
    add_value("kanta-prescriptions", 2021, 101_000)
    html = page(client, lang)
    assert 'href="?year=2020" aria-current="page"' in html
    assert "?year=2021" not in html
    assert SEEN[lang]["no_value"] not in html
    assert client.get(f"{INDEX[lang]}?year=2021").status_code == 404
    assert client.get("/en/statistics/2021.csv").status_code == 404


def test_a_complete_newer_year_becomes_the_default_and_a_new_figure_says_no_value(
    client, figures, lang
):
    for key, (value, _year) in SEED.items():
        add_value(key, 2021, value + 1_000)
    Statistic.objects.create(key="new-figure", group="pay", label_fi="Uusi luku", order=99)
    html = page(client, lang)
    prescriptions = figure_block(html, "kanta-prescriptions")
    assert {"fi": f"101{NB}000", "sv": f"101{NB}000", "en": "101,000"}[lang] in prescriptions
    assert SEEN[lang]["no_value"] in figure_block(html, "new-figure")
    assert html.count(SEEN[lang]["no_value"]) == 1
    assert 'href="?year=2020"' in html
    assert 'href="?year=2021" aria-current="page"' in html

    older = page(client, lang, "?year=2020")
    assert SEEN[lang]["prescriptions"] in figure_block(older, "kanta-prescriptions")
    assert SEEN[lang]["share"] in older
    assert language_links(older)["sv"] == "/sv/statistik/?year=2020"


def test_open_data_of_each_year(client, figures):
    for key, (value, _year) in SEED.items():
        add_value(key, 2021, value + 1_000)
    rows = list(csv.DictReader(io.StringIO(client.get("/en/statistics/2021.csv").content.decode())))
    assert ("kanta-prescriptions", "101000") in [(row["key"], row["value"]) for row in rows]
    assert len(client.get("/en/statistics/2020.json").json()["figures"]) == 13


@pytest.mark.parametrize(
    "url",
    [
        "/fi/tilastot/?year=1999",
        "/fi/tilastot/1999.csv",
        "/en/statistics/1999.json",
    ],
)
def test_an_unknown_year_is_not_found(client, figures, url):
    assert client.get(url).status_code == 404


def test_page_without_figures(client, db):
    Statistic.objects.all().delete()
    html = page(client, "fi")
    assert "Lukuja ei ole vielä julkaistu." in html


# Non-negative values


def test_database_refuses_a_negative_value(figures):
    with pytest.raises(IntegrityError), transaction.atomic():
        add_value("calls-made", 2021, -1)


def test_database_refuses_a_second_value_for_the_same_year(figures):
    with pytest.raises(IntegrityError), transaction.atomic():
        add_value("calls-made", 2020, 1)


def statistic_form(value, **changes):
    data = {
        "key": "test-figure",
        "group": "calls",
        "unit": "count",
        "label_fi": "Testiluku",
        "label_sv": "",
        "label_en": "",
        "explanation_fi": "",
        "explanation_sv": "",
        "explanation_en": "",
        "order": "200",
        "is_published": "on",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "values-0-year": "2021",
        "values-0-reference_year": "2021",
        "values-0-value": str(value),
        "values-0-note_fi": "",
        "values-0-note_sv": "",
        "values-0-note_en": "",
        "values-0-is_published": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_admin_refuses_a_negative_value_in_the_editors_language(admin_client, db, lang):
    url = reverse("admin:stats_statistic_add")
    response = admin_client.post(url, statistic_form(-5), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert SEEN[lang]["negative"] in response.content.decode()
    assert not Statistic.objects.filter(key="test-figure").exists()


def test_admin_saves_a_statistic_with_its_value_inline(admin_client, db):
    url = reverse("admin:stats_statistic_add")
    response = admin_client.post(url, statistic_form(42))
    assert response.status_code == 302
    value = StatisticValue.objects.get(statistic__key="test-figure")
    assert (value.statistic.key, value.value, value.key) == ("test-figure", 42, "test-figure-2021")
    # Reversion keeps the statistic and its inline values together (history and restore).
    assert Version.objects.get_for_object(value.statistic).count() == 1
    assert Version.objects.get_for_object(value).count() == 1


def test_admin_asks_for_a_note_when_the_reference_year_differs(admin_client, db):
    url = reverse("admin:stats_statistic_add")
    data = statistic_form(42, **{"values-0-reference_year": "2019"})
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert "Kerro huomautuksessa, miksi viitevuosi poikkeaa vuodesta." in response.content.decode()


def test_admin_pages_render_with_tabs(admin_client, figures):
    statistic = Statistic.objects.get(key="kanta-documents")
    for url in [
        reverse("admin:stats_statistic_changelist") + "?q=Kanta-tj%C3%A4nsterna",
        reverse("admin:stats_statistic_change", args=[statistic.pk]),
        reverse("admin:stats_statistic_history", args=[statistic.pk]),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    change = admin_client.get(reverse("admin:stats_statistic_change", args=[statistic.pk]))
    html = change.content.decode()
    assert "modeltranslation/js/tabbed_translation_fields" in html
    assert 'name="values-0-note_sv"' in html


# Bounded queries


def test_page_queries_do_not_grow_with_the_number_of_statistics(
    client, figures, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as before:
        page(client, "fi")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(100):
            statistic = Statistic.objects.create(
                key=f"extra-{number}",
                group="pay",
                label_fi=f"Lisäluku {number}",
                order=500 + number,
            )
            StatisticValue.objects.create(
                statistic=statistic, year=2020, reference_year=2020, value=number
            )
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as after:
        html = page(client, "fi")
    assert "Lisäluku 99" in html
    assert len(after) == len(before)


def test_open_data_queries_are_bounded(client, figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get("/fi/tilastot/2020.csv")
    with django_assert_max_num_queries(1):
        client.get("/fi/tilastot/2020.json")
