"""An editor adds the figures of a new year in one form (or a CSV file), previews them and
publishes the whole year at once; the public page never shows a year with figures missing."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from publishing.models import AdminLanguage
from stats.models import Statistic, StatisticValue
from tests.helpers import form_fields

PASSWORD = "Kela-editor-2024!"  # noqa: S105 - a test account
PUBLIC = "/fi/tilastot/"


@pytest.fixture
def editor_client(client, loaded, monkeypatch):
    monkeypatch.setenv("KELA_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "tilastot@kela.example", stdout=io.StringIO())
    editor = User.objects.get(username="tilastot@kela.example")
    AdminLanguage.objects.create(user=editor, language="fi")
    client.force_login(editor)
    return client


def year_form(client, year, value=lambda key: 5_000):
    """The form's data as the editor sends it: prefilled fields kept, a value for each figure."""
    html = client.get(reverse("admin:stats_year_figures")).content.decode()
    data = dict(form_fields(html, "year-figures"))
    data["year"] = str(year)
    for key in Statistic.objects.values_list("key", flat=True):
        data[f"{key}-value"] = str(value(key))
    return data


def public_years(client, path=PUBLIC):
    """(the year the page shows, the years it offers) as a visitor sees them."""
    html = client.get(path).content.decode()
    current = re.search(r'href="\?year=([0-9]+)" aria-current="page"', html)
    offered = sorted(int(year) for year in re.findall(r'href="\?year=([0-9]+)"', html))
    return (current and current.group(1)), offered


def test_a_year_is_entered_as_a_draft_previewed_and_published_at_once(
    editor_client, client, django_capture_on_commit_callbacks
):
    form = editor_client.get(reverse("admin:stats_year_figures"))
    fields = dict(form_fields(form.content.decode(), "year-figures"))
    # Reference years follow the previous year's; its notes are offered again.
    assert fields["kanta-documents-reference_year"] == "2020"  # 2019 for 2020
    assert fields["kanta-prescriptions-reference_year"] == "2021"
    assert fields["kanta-documents-note_sv"].startswith("Siffran bygger på")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:stats_year_figures"), year_form(editor_client, 2021)
        )
    assert response.status_code == 302, response.context["form"].errors
    assert StatisticValue.objects.filter(year=2021, is_published=False).count() == 13

    visitor = client.__class__()
    assert public_years(visitor) == ("2020", [2020])

    preview = editor_client.get(reverse("admin:stats_year_preview", args=[2021]))
    assert preview.status_code == 200
    assert "5\u00a0000" in preview.content.decode()
    assert "2021" in preview.content.decode()

    status = reverse("admin:stats_year", args=[2021])
    with django_capture_on_commit_callbacks(execute=True):  # the cached pages' version
        response = editor_client.post(status, {"publish": "1"}, follow=True)
    assert "Vuoden 2021 luvut on julkaistu." in [str(m) for m in response.context["messages"]]
    visitor = client.__class__()
    assert public_years(visitor) == ("2021", [2020, 2021])


@pytest.mark.parametrize("year", [2201, 1999])
def test_a_year_in_the_future_or_before_2000_is_refused(editor_client, year):
    response = editor_client.post(
        reverse("admin:stats_year_figures"), year_form(editor_client, year)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["year"]
    assert errors == (
        ["Vuosi 2201 ei ole vielä alkanut."] if year == 2201 else ["Luvut alkavat vuodesta 2000."]
    )
    assert not StatisticValue.objects.filter(year=year).exists()


def test_a_published_year_is_not_entered_again(editor_client):
    response = editor_client.post(
        reverse("admin:stats_year_figures"), year_form(editor_client, 2020)
    )
    assert "year" in response.context["form"].errors
    assert StatisticValue.objects.get(statistic__key="calls-made", year=2020).value == 7_000


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
    response = editor_client.post(
        reverse("admin:stats_year_figures"), {"year": "2021", "upload": upload}
    )
    assert response.status_code == 302, response.context["form"].errors
    value = StatisticValue.objects.get(statistic__key="calls-made", year=2021)
    assert (value.value, value.reference_year, value.is_published) == (7_007, 2020, False)
    assert value.note_sv.startswith("De dagliga medeltalen")


def test_a_single_value_saved_early_does_not_switch_the_public_year(editor_client, client):
    statistic = Statistic.objects.get(key="calls-made")
    StatisticValue.objects.create(statistic=statistic, year=2021, reference_year=2021, value=1)
    assert public_years(client) == ("2020", [2020])
