"""An editor adds the figures of a new year in one form (or a CSV file), previews them and
submits them; a publisher publishes the whole year at once. The year follows the publishing
workflow of every item: four eyes, drafts of published figures, history. The public page never
shows a year with figures missing."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from publishing.groups import PUBLISHERS
from publishing.models import AdminLanguage, Draft
from stats.formatting import number
from stats.models import Statistic, StatisticValue
from tests.helpers import client_of, form_fields, member

PUBLIC = "/fi/tilastot/"


@pytest.fixture
def publisher_client(publisher):
    return client_of(publisher)


@pytest.fixture
def client_class():
    return Client


def year_form(client, year, value=lambda key: 5_000, opened_for=None, notes=True):
    """The form's data as the editor sends it: prefilled fields kept, a value for each figure
    and (unless notes=False) a Finnish note on each figure based on an earlier year."""
    url = reverse("admin:stats_year_figures")
    html = client.get(url, {"year": opened_for} if opened_for else {}).content.decode()
    data = dict(form_fields(html, "year-figures"))
    data["year"] = str(year)
    for key in Statistic.objects.values_list("key", flat=True):
        if value(key) is not None:
            data[f"{key}-value"] = str(value(key))
    return with_notes(data, year) if notes else data


MESSAGES = {
    "fi": {
        "four eyes": "Jonkun muun on julkaistava muutos, jonka teit tai lähetit.",
        "submitted": "Vuoden 2021 luvut on lähetetty tarkastettaviksi.",
        "published": "Vuoden 2021 luvut on julkaistu.",
    },
    "sv": {
        "four eyes": "Någon annan måste publicera en ändring som du har gjort eller skickat.",
        "submitted": "Siffrorna för 2021 har skickats för granskning.",
        "published": "Siffrorna för 2021 är publicerade.",
    },
    "en": {
        "four eyes": "Someone else must publish a change you made or submitted.",
        "submitted": "The figures of 2021 are submitted for review.",
        "published": "The figures of 2021 are published.",
    },
}


def public_page(lang):
    with translation.override(lang):
        return reverse("stats:index")


def public_years(client, path=PUBLIC):
    """(the year the page shows, the years it offers) as a visitor sees them."""
    html = client.get(path).content.decode()
    current = re.search(r'href="\?year=([0-9]+)" aria-current="page"', html)
    offered = sorted(int(year) for year in re.findall(r'href="\?year=([0-9]+)"', html))
    return (current and current.group(1)), offered


def shown_value(html, key):
    """The figure a page shows for a statistic."""
    match = re.search(rf'data-key="{key}"[^>]*>\s*<p class="stats-value">([^<]*)</p>', html)
    return match and match.group(1)


def year_action(client, year, action, **data):
    """A button of the year's status page; returns the messages shown after it."""
    status = reverse("admin:stats_year", args=[year])
    response = client.post(status, {"action": action, **data}, follow=True)
    return [str(message) for message in response.context["messages"]]


def private(response):
    return {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_year_is_entered_as_a_draft_previewed_and_published_at_once(
    lang, editor_client, publisher_client, client_class, django_capture_on_commit_callbacks
):
    for user in User.objects.filter(is_staff=True):  # both work in the admin in `lang`
        AdminLanguage.objects.update_or_create(user=user, defaults={"language": lang})
    form = editor_client.get(reverse("admin:stats_year_figures"))
    fields = dict(form_fields(form.content.decode(), "year-figures"))
    # Reference years follow the previous year's; notes are the new year's own (empty).
    assert fields["kanta-documents-reference_year"] == "2020"  # 2019 for 2020
    assert fields["kanta-prescriptions-reference_year"] == "2021"
    assert fields["kanta-documents-note_sv"] == ""

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:stats_year_figures"), year_form(editor_client, 2021)
        )
    assert response.status_code == 302, response.context["form"].errors
    # New items of the workflow: unpublished, each with its draft edited by the editor.
    assert StatisticValue.objects.filter(year=2021, is_published=False).count() == 13
    assert Draft.objects.filter(contributors__username="editor").count() == 13
    assert public_years(client_class(), public_page(lang)) == ("2020", [2020])

    index = editor_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:stats_year", args=[2021])}"' in index  # the year in progress
    status = editor_client.get(reverse("admin:stats_year", args=[2021])).content.decode()
    assert 'id="publish"' not in status  # an editor submits; a publisher publishes
    preview = editor_client.get(reverse("admin:stats_year_preview", args=[2021, lang]))
    assert preview.status_code == 200 and private(preview)
    page = preview.content.decode()
    assert "preview-banner" in page and f'lang="{lang}"' in page
    with translation.override(lang):
        assert shown_value(page, "calls-made") == number(5_000)
    assert public_years(client_class(), public_page(lang)) == ("2020", [2020])  # nothing kept

    said = MESSAGES[lang]
    assert year_action(editor_client, 2021, "publish") == [said["four eyes"]]
    assert year_action(editor_client, 2021, "submit") == [said["submitted"]]
    assert public_years(client_class(), public_page(lang)) == ("2020", [2020])
    with django_capture_on_commit_callbacks(execute=True):  # the cached pages' version
        assert year_action(publisher_client, 2021, "publish") == [said["published"]]
    assert public_years(client_class(), public_page(lang)) == ("2021", [2020, 2021])
    assert not Draft.objects.exists()
    # The history of a value records who submitted the figures and who approved them.
    value = StatisticValue.objects.get(statistic__key="calls-made", year=2021)
    revision = Version.objects.get_for_object(value).first().revision
    note = revision.publishing_notes.first()  # one note per value of the year
    assert revision.user.get_username() == "publisher"
    assert note.details["submitter"] == "editor"


def test_nobody_publishes_figures_they_entered_with_four_eyes_on(
    publisher_client, client_class, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISHING_FOUR_EYES = True
    publisher_client.post(reverse("admin:stats_year_figures"), year_form(publisher_client, 2021))
    status = publisher_client.get(reverse("admin:stats_year", args=[2021])).content.decode()
    assert 'id="publish"' not in status
    assert MESSAGES["fi"]["four eyes"] in status
    assert year_action(publisher_client, 2021, "publish") == [MESSAGES["fi"]["four eyes"]]
    assert not StatisticValue.objects.filter(year=2021, is_published=True).exists()

    other = client_of(member(PUBLISHERS, "second-publisher"))
    assert 'id="publish"' in other.get(reverse("admin:stats_year", args=[2021])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert year_action(other, 2021, "publish") == [MESSAGES["fi"]["published"]]
    assert StatisticValue.objects.filter(year=2021, is_published=True).count() == 13
    value = StatisticValue.objects.get(statistic__key="calls-made", year=2021)
    revision = Version.objects.get_for_object(value).first().revision
    assert revision.user.get_username() == "second-publisher"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_published_figures_changed_in_the_form_stay_public_until_published(
    lang, editor_client, publisher_client, client_class, django_capture_on_commit_callbacks
):
    def changed(key):
        return 7_100 if key == "calls-made" else None  # the others as the form shows them

    data = year_form(editor_client, 2020, changed, opened_for=2020)
    assert data["kanta-documents-reference_year"] == "2019"  # 2020's own figures, not 2019's
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:stats_year_figures"), data)
    assert response.status_code == 302, response.context["form"].errors
    live = StatisticValue.objects.get(statistic__key="calls-made", year=2020)
    assert (live.value, live.is_published) == (7_000, True)
    assert Draft.objects.count() == 1  # only the changed value has a draft

    visitor = client_class()
    page = visitor.get(public_page(lang)).content.decode()
    preview = editor_client.get(reverse("admin:stats_year_preview", args=[2020, lang]))
    with translation.override(lang):
        assert shown_value(page, "calls-made") == number(7_000)
        assert public_years(visitor, public_page(lang)) == ("2020", [2020])
        assert shown_value(preview.content.decode(), "calls-made") == number(7_100)
        assert shown_value(visitor.get(public_page(lang)).content.decode(), "calls-made") == (
            number(7_000)
        )
    html = editor_client.get(reverse("admin:stats_year_figures"), {"year": 2020}).content.decode()
    assert 'id="opened-year"' in html  # the editor is told the form holds the year's figures
    assert dict(form_fields(html, "year-figures"))["calls-made-value"] == "7100"  # the draft

    year_action(editor_client, 2020, "submit")
    with django_capture_on_commit_callbacks(execute=True):
        year_action(publisher_client, 2020, "publish")
    with translation.override(lang):
        page = client_class().get(public_page(lang)).content.decode()
        assert shown_value(page, "calls-made") == number(7_100)


def test_a_publisher_sends_the_figures_back_and_a_draft_is_discarded(
    editor_client, publisher_client
):
    editor_client.post(reverse("admin:stats_year_figures"), year_form(editor_client, 2021))
    year_action(editor_client, 2021, "submit")
    assert year_action(publisher_client, 2021, "send-back") == [
        "Kerro kommentissa, mitä pitäisi muuttaa."
    ]
    assert Draft.objects.filter(status=Draft.Status.IN_REVIEW).count() == 13
    year_action(publisher_client, 2021, "send-back", comment="Tarkista puhelut.")
    assert set(Draft.objects.values_list("status", "comment")) == {
        (Draft.Status.DRAFT, "Tarkista puhelut.")
    }
    status = editor_client.get(reverse("admin:stats_year", args=[2021])).content.decode()
    assert "Tarkista puhelut." in status
    # Discarding a new year's draft removes its figures; a published year's draft only.
    assert year_action(editor_client, 2021, "discard") == [
        "Vuoden 2021 lukujen luonnos on hylätty."
    ]
    assert not StatisticValue.objects.filter(year=2021).exists()
    data = year_form(editor_client, 2020, lambda key: 1 if key == "calls-made" else None, 2020)
    editor_client.post(reverse("admin:stats_year_figures"), data)
    year_action(editor_client, 2020, "discard")
    assert not Draft.objects.exists()
    assert StatisticValue.objects.get(statistic__key="calls-made", year=2020).value == 7_000


def test_the_form_and_status_pages_make_a_bounded_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    editor_client.post(reverse("admin:stats_year_figures"), year_form(editor_client, 2021))
    with django_assert_max_num_queries(12):
        assert editor_client.get(reverse("admin:stats_year_figures")).status_code == 200
    with django_assert_max_num_queries(12):
        editor_client.get(reverse("admin:stats_year_figures"), {"year": 2021})
    with django_assert_max_num_queries(40):
        assert editor_client.get(reverse("admin:stats_year", args=[2021])).status_code == 200


@pytest.mark.parametrize("year", [2201, 1999])
def test_a_year_in_the_future_or_before_2000_is_refused(editor_client, year):
    response = editor_client.post(
        reverse("admin:stats_year_figures"), year_form(editor_client, year)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["year"]
    assert errors == (
        [REFUSED["fi"]["too far"].format(year=2201, next=next_year())]
        if year == 2201
        else ["Luvut alkavat vuodesta 2000."]
    )
    assert not StatisticValue.objects.filter(year=year).exists()


def test_the_figures_come_from_the_public_csv(editor_client, client):
    download = client.get("/sv/statistik/2020.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(download)))
    for row in rows:
        row["year"] = "2021"
        row["value"] = str(int(row["value"]) + 7)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("figures.csv", out.getvalue().encode(), content_type="text/csv")
    url = reverse("admin:stats_year_figures")
    response = editor_client.post(url, {"year": "2021", "upload": upload})
    # A new year's notes start empty: a figure based on an earlier year needs a Finnish note
    # (the file's are Swedish). The form shows the file's figures again to add it.
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        f"{row['key']}-note_fi" for row in rows if row["reference_year"] != "2021"
    }
    data = with_notes(dict(form_fields(response.content.decode(), "year-figures")), 2021)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    value = StatisticValue.objects.get(statistic__key="calls-made", year=2021)
    assert (value.value, value.reference_year, value.is_published) == (7_007, 2020, False)
    assert value.note_sv.startswith("De dagliga medeltalen")


def test_a_single_value_saved_early_does_not_switch_the_public_year(editor_client, client):
    statistic = Statistic.objects.get(key="calls-made")
    StatisticValue.objects.create(statistic=statistic, year=2021, reference_year=2021, value=1)
    assert public_years(client) == ("2020", [2020])


# The figures of a year on any database, out-of-range numbers, years that are not years, next
# year's figures and a new year's notes (issue 29).

LARGEST = 2**63 - 1  # the largest number the value's column (BigIntegerField) holds


def set_admin_language(lang):
    for user in User.objects.filter(is_staff=True):
        AdminLanguage.objects.update_or_create(user=user, defaults={"language": lang})


def label(key, lang):
    return getattr(Statistic.objects.get(key=key), f"label_{lang}")


def next_year():
    return timezone.localdate().year + 1


REFUSED = {
    "fi": {
        "too large": "Luku on liian suuri: {label}. Suurin mahdollinen luku on {largest}.",
        "negative": "Luku ei voi olla negatiivinen: {label}.",
        "not a number": "Luvun on oltava kokonaisluku: {label}.",
        "not a year": "Kirjoita vuosi numeroin.",
        "file year": "Tiedoston vuosi ei ole kelvollinen vuosiluku: ².",
        "too far": "Vuoden {year} lukuja ei voi vielä tallentaa. Lukuja voi valmistella enintään "
        "seuraavalle vuodelle ({next}).",
    },
    "sv": {
        "too large": "Värdet är för stort: {label}. Det största möjliga värdet är {largest}.",
        "negative": "Värdet kan inte vara negativt: {label}.",
        "not a number": "Värdet ska vara ett heltal: {label}.",
        "not a year": "Skriv året med siffror.",
        "file year": "Året i filen är inte ett giltigt årtal: ².",
        "too far": "Siffrorna för {year} kan inte sparas ännu. Siffror kan förberedas högst för "
        "nästa år ({next}).",
    },
}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_year_form_opens_on_any_database(lang, editor_client):
    """On SQLite as on PostgreSQL: the form offers each figure's reference year as far behind
    the year as in the latest earlier year's figures, for a new year and for next year."""
    set_admin_language(lang)
    url = reverse("admin:stats_year_figures")
    response = editor_client.get(url)
    assert response.status_code == 200
    fields = dict(form_fields(response.content.decode(), "year-figures"))
    assert fields["year"] == "2021"
    assert fields["kanta-documents-reference_year"] == "2020"  # 2020's is 2019: one behind
    assert fields["kanta-prescriptions-reference_year"] == "2021"
    # With a later year saved, its figure is the one followed, not 2020's.
    documents = Statistic.objects.get(key="kanta-documents")
    StatisticValue.objects.create(statistic=documents, year=2022, reference_year=2022, value=1)
    for year, reference in ((2021, "2020"), (2023, "2023"), (next_year(), str(next_year()))):
        fields = dict(
            form_fields(editor_client.get(url, {"year": year}).content.decode(), "year-figures")
        )
        assert fields["kanta-documents-reference_year"] == reference
        assert fields["kanta-prescriptions-reference_year"] == str(year)


def uploaded_figures(client, lang, year, changes):
    """The public CSV of 2020 in `lang`, made the file of `year` with some values changed."""
    with translation.override(lang):
        download = client.get(reverse("stats:csv", args=[2020])).content.decode()
    rows = list(csv.DictReader(io.StringIO(download)))
    for row in rows:
        row["year"] = str(year)
        row["value"] = changes.get(row["key"], row["value"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return rows, SimpleUploadedFile("figures.csv", out.getvalue().encode(), content_type="text/csv")


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize(
    "figure, refused", [(str(2**63), "too large"), ("-1", "negative"), ("12a", "not a number")]
)
def test_a_figure_out_of_range_in_the_csv_is_refused_and_the_form_keeps_the_file(
    lang, figure, refused, editor_client, client
):
    set_admin_language(lang)
    rows, upload = uploaded_figures(client, lang, 2021, {"calls-made": figure})
    response = editor_client.post(
        reverse("admin:stats_year_figures"), {"year": "2021", "upload": upload}
    )
    assert response.status_code == 200
    with translation.override(lang):
        largest = number(LARGEST)
    expected = REFUSED[lang][refused].format(label=label("calls-made", lang), largest=largest)
    assert response.context["form"].errors["calls-made-value"] == [expected]
    assert expected in response.content.decode()
    # Shown again as the file gave it: every figure, the wrong one included.
    fields = dict(form_fields(response.content.decode(), "year-figures"))
    assert fields["year"] == "2021"
    for row in rows:
        assert fields[f"{row['key']}-value"] == row["value"]
        assert fields[f"{row['key']}-reference_year"] == row["reference_year"]
        assert fields[f"{row['key']}-note_{lang}"] == row["note"].removeprefix("'")
    assert not StatisticValue.objects.filter(year=2021).exists()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_figure_beyond_the_column_in_the_form_is_refused_and_the_largest_is_kept(
    lang, editor_client
):
    set_admin_language(lang)
    url = reverse("admin:stats_year_figures")
    data = year_form(editor_client, 2021, lambda key: 2**63 if key == "calls-made" else 5_000)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    with translation.override(lang):
        largest = number(LARGEST)
    assert response.context["form"].errors["calls-made-value"] == [
        REFUSED[lang]["too large"].format(label=label("calls-made", lang), largest=largest)
    ]
    assert dict(form_fields(response.content.decode(), "year-figures"))["calls-made-value"] == (
        str(2**63)
    )
    assert not StatisticValue.objects.filter(year=2021).exists()

    data["calls-made-value"] = str(LARGEST)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert StatisticValue.objects.get(statistic__key="calls-made", year=2021).value == LARGEST


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_year_that_is_not_a_year_gets_a_message_never_a_python_error(lang, editor_client, client):
    set_admin_language(lang)
    url = reverse("admin:stats_year_figures")
    # In the form's field.
    data = year_form(editor_client, "²")
    response = editor_client.post(url, data)
    assert response.context["form"].errors["year"] == [REFUSED[lang]["not a year"]]
    # In the file: "²" is a digit to Python's str.isdigit(), but int() refuses it.
    _rows, upload = uploaded_figures(client, lang, "²", {})
    response = editor_client.post(url, {"year": "", "upload": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [REFUSED[lang]["file year"]]
    assert "invalid literal" not in response.content.decode()
    # A row shorter than the header: no year at all.
    short = SimpleUploadedFile("short.csv", b"key,value,year,reference_year\ncalls-made,5\n")
    response = editor_client.post(url, {"year": "", "upload": short})
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [
        REFUSED[lang]["file year"].replace("²", "")
    ]
    # In the address: a year the form cannot read opens the form at the next year to enter.
    for asked in ("²", "1" + "0" * 5000):
        response = editor_client.get(url, {"year": asked})
        assert response.status_code == 200
        assert dict(form_fields(response.content.decode(), "year-figures"))["year"] == "2021"
    assert not StatisticValue.objects.filter(year__gt=2020).exists()


def with_notes(data, year):
    """The form's data with a Finnish note on each figure based on an earlier year."""
    for key in Statistic.objects.values_list("key", flat=True):
        reference = data.get(f"{key}-reference_year")
        if reference and reference != str(year) and not data.get(f"{key}-note_fi"):
            data[f"{key}-note_fi"] = (
                f"Luku perustuu vuoden {data[f'{key}-reference_year']} tietoihin."
            )
    return data


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_next_years_figures_are_prepared_as_a_draft_and_public_only_when_published(
    lang, editor_client, publisher_client, client_class, django_capture_on_commit_callbacks
):
    set_admin_language(lang)
    year, url = next_year(), reverse("admin:stats_year_figures")
    html = editor_client.get(url, {"year": year}).content.decode()
    assert dict(form_fields(html, "year-figures"))["year"] == str(year)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, year_form(editor_client, year, opened_for=year))
    assert response.status_code == 302, response.context["form"].errors
    assert StatisticValue.objects.filter(year=year, is_published=False).count() == 13

    visitor = client_class()
    assert public_years(visitor, public_page(lang)) == ("2020", [2020])
    assert visitor.get(public_page(lang), {"year": year}).status_code == 404
    with translation.override(lang):
        assert visitor.get(reverse("stats:csv", args=[year])).status_code == 404
        assert visitor.get(reverse("stats:json", args=[year])).status_code == 404
    status = editor_client.get(reverse("admin:stats_year", args=[year]))
    assert status.status_code == 200
    year_action(editor_client, year, "submit")
    assert public_years(visitor, public_page(lang)) == ("2020", [2020])
    with django_capture_on_commit_callbacks(execute=True):
        year_action(publisher_client, year, "publish")
    assert public_years(client_class(), public_page(lang)) == (str(year), [2020, year])

    # The year after next is too far ahead.
    later = year + 1
    response = editor_client.post(url, year_form(editor_client, later))
    assert response.context["form"].errors["year"] == [
        REFUSED[lang]["too far"].format(year=later, next=year)
    ]
    assert not StatisticValue.objects.filter(year=later).exists()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_new_years_notes_start_empty_and_a_lagging_figure_asks_for_one(lang, editor_client):
    set_admin_language(lang)
    url = reverse("admin:stats_year_figures")
    for year in (2021, next_year()):
        fields = dict(
            form_fields(editor_client.get(url, {"year": year}).content.decode(), "year-figures")
        )
        notes = {name: value for name, value in fields.items() if "-note_" in name}
        assert len(notes) == 13 * 3 and set(notes.values()) == {""}
        # Reference years still follow the previous year's (2019 for 2020: one year behind).
        assert fields["kanta-documents-reference_year"] == str(year - 1)
    # A figure based on an earlier year needs this year's note; 2020's own notes stay its own.
    response = editor_client.post(url, year_form(editor_client, 2021, notes=False))
    assert response.status_code == 200
    assert "kanta-documents-note_fi" in response.context["form"].errors
    opened = dict(
        form_fields(editor_client.get(url, {"year": 2020}).content.decode(), "year-figures")
    )
    assert opened["kanta-documents-note_sv"].startswith("Siffran bygger på")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_value_admin_takes_next_years_value_as_a_draft_and_refuses_beyond(
    lang, editor_client, client
):
    """The values' own admin follows the same limits as the year form."""
    set_admin_language(lang)
    url, year = reverse("admin:stats_statisticvalue_add"), next_year()
    data = {
        "statistic": Statistic.objects.get(key="calls-made").pk,
        "reference_year": str(year - 1),
        "value": "5",
        "note_fi": "Luku perustuu edellisen vuoden tietoihin.",
    }
    response = editor_client.post(url, {**data, "year": str(year + 1)})
    assert response.status_code == 200
    assert REFUSED[lang]["too far"].format(year=year + 1, next=year) in response.content.decode()
    response = editor_client.post(url, {**data, "year": str(year), "value": str(2**63)})
    assert response.status_code == 200
    assert "value" in response.context["adminform"].form.errors
    assert not StatisticValue.objects.filter(year__gt=2020).exists()

    response = editor_client.post(url, {**data, "year": str(year)})
    assert response.status_code == 302
    assert StatisticValue.objects.get(year=year).is_published is False
    assert public_years(client) == ("2020", [2020])
