"""Editors keep the portal current in the admin without losing data or letting
markup attack a visitor."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import constants
from django.core.management import CommandError, call_command
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from organisation.models import Unit
from partners.models import ServiceChannel, Topic
from publishing import workflow
from publishing.management.commands import create_editor
from publishing.models import AdminLanguage, fingerprint
from stats.models import Statistic, StatisticValue
from tests.helpers import act, admin_url, elements

PASSWORD = "Kela-editor-2024!"  # noqa: S105 - a test account
NOTICE = {
    "sv": "(Inte översatt ännu: visas på finska.)",
    "en": "(Not yet translated: shown in Finnish.)",
}


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_data(client, url, /, **changes):
    """The POST data of an admin change form as the editor sees it, with changes."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            value = "on" if value else ""
        data[name] = "" if value is None else value
    data.update(changes)
    return {name: value for name, value in data.items() if value != ""}


@pytest.fixture(autouse=True)
def publishers_publish_their_own_edits(settings):
    """These tests are about editing, not review (tests/test_publishing_workflow.py): the
    superuser publishes its own changes."""
    settings.PUBLISHING_FOUR_EYES = False


def save_and_publish(client, url, data):
    """Save the change form (a draft, for a published item) and publish the draft."""
    response = client.post(url, data)
    if response.status_code == 302:
        assert client.post(url.replace("/change/", "/publishing/publish/")).status_code == 302
    return response


def a_unit():
    return Unit.objects.filter(parent__isnull=False, children__isnull=True).first()


# --- Editors group and accounts -------------------------------------------------------


def test_editors_group_has_exactly_the_content_permissions(db):
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {("feedback", "view_feedback"), ("feedback", "change_feedback")}
    for app, model in [
        ("organisation", "unit"),
        ("stats", "statistic"),
        ("stats", "statisticvalue"),
        ("partners", "organiser"),
        ("partners", "topic"),
        ("partners", "servicechannel"),
        ("partners", "communicationchannel"),
        ("partners", "guidequestion"),
        ("partners", "guiderule"),
        ("pages", "contact"),
    ]:
        expected |= {(app, f"{action}_{model}") for action in ("add", "change", "view")}
    expected |= {("stats", "delete_statisticvalue"), ("partners", "delete_guiderule")}
    for model in ("synonym", "promotedresult"):  # the search's editor content
        expected |= {
            ("search", f"{action}_{model}") for action in ("add", "change", "delete", "view")
        }
    expected |= {("search", "view_querycount")}
    # The pages about the portal have fixed addresses: editors change them but add none.
    expected |= {("pages", "change_page"), ("pages", "view_page")}
    assert codenames == expected
    assert not group.permissions.filter(content_type__app_label="auth").exists()


def test_create_editor_prompts_for_the_password(db, monkeypatch):
    monkeypatch.delenv("KELA_EDITOR_PASSWORD", raising=False)
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or PASSWORD)
    call_command("create_editor", "toimittaja@kela.example", stdout=io.StringIO())
    user = User.objects.get(username="toimittaja@kela.example")
    assert len(prompts) == 2
    assert user.is_staff and not user.is_superuser
    assert user.email == "toimittaja@kela.example"
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]


def test_create_editor_reads_the_password_from_stdin(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    call_command("create_editor", "redaktor@kela.example", "--password-stdin", stdout=io.StringIO())
    assert User.objects.get(username="redaktor@kela.example").check_password(PASSWORD)


def test_create_editor_publisher_creates_an_account_that_can_publish(db, monkeypatch):
    """`create_editor --publisher` makes a publisher without the Django shell: a staff member
    of the Publishers group who may publish; a plain editor may not. The help names the flag."""
    monkeypatch.setenv("KELA_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "julkaisija@kela.example", "--publisher", stdout=io.StringIO())
    call_command("create_editor", "toimittaja@kela.example", stdout=io.StringIO())
    publisher = User.objects.get(username="julkaisija@kela.example")
    editor = User.objects.get(username="toimittaja@kela.example")
    assert publisher.is_staff and not publisher.is_superuser
    assert list(publisher.groups.values_list("name", flat=True)) == ["Publishers"]
    assert publisher.has_perm("publishing.publish_content")
    assert publisher.has_perm("partners.change_topic")
    assert not editor.has_perm("publishing.publish_content")
    parser = create_editor.Command().create_parser("manage.py", "create_editor")
    assert "--publisher" in parser.format_help()


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", PASSWORD, "Not an e-mail address"),
        ("weak@kela.example", "123", "too short"),
    ],
)
def test_create_editor_refuses_bad_input(db, monkeypatch, email, password, message):
    monkeypatch.setenv("KELA_EDITOR_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        call_command("create_editor", email, stdout=io.StringIO())
    assert not User.objects.filter(username=email).exists()


@pytest.mark.parametrize("path", ["auth/user/", "auth/group/", "auth/user/add/"])
def test_editor_gets_403_for_users_and_groups(editor_client, path):
    assert editor_client.get(f"/admin/{path}").status_code == 403


def test_editor_edits_every_content_model(editor_client):
    for name in [
        "organisation/unit",
        "stats/statistic",
        "stats/statisticvalue",
        "partners/organiser",
        "partners/topic",
        "partners/servicechannel",
        "partners/communicationchannel",
        "partners/guidequestion",
        "partners/guiderule",
    ]:
        assert editor_client.get(f"/admin/{name}/").status_code == 200
        assert editor_client.get(f"/admin/{name}/add/").status_code == 200


def test_editor_sees_the_admin_in_swedish(editor_client):
    text = text_of(editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert '<html lang="sv"' in text
    assert "Översättningar" in text
    assert "Logga ut" in text


# --- Languages: Finnish required, fallback shown marked -----------------------------------


def test_finnish_is_required_other_languages_may_be_empty(admin_client, loaded):
    unit = a_unit()
    url = admin_url(unit)
    response = admin_client.post(url, form_data(admin_client, url, name_fi="", summary_sv=""))
    assert response.status_code == 200
    assert "Tämä kenttä vaaditaan." in response.content.decode()
    response = save_and_publish(
        admin_client, url, form_data(admin_client, url, name_en="", summary_sv="")
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name_en, unit.summary_sv) in [("", ""), (None, None)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_empty_summary_shows_the_finnish_text_marked(admin_client, client, loaded, lang):
    unit = a_unit()
    url = admin_url(unit)
    save_and_publish(admin_client, url, form_data(admin_client, url, **{f"summary_{lang}": ""}))
    unit.refresh_from_db()
    with translation.override(lang):
        page = text_of(client.get(unit.get_absolute_url()))
    assert f'<span lang="fi">{unit.summary_fi}</span>' in page
    assert NOTICE[lang] in page


# --- Drafts ---------------------------------------------------------------------------


def test_unpublished_unit_vanishes_and_staff_preview_it(admin_client, client, loaded):
    unit = a_unit()
    act(admin_client, unit, "unpublish")
    with translation.override("sv"):
        page_url = unit.get_absolute_url()
        index = reverse("organisation:index")
    assert client.get(page_url).status_code == 404
    assert page_url not in text_of(client.get(index))
    assert page_url not in text_of(client.get("/sitemap.xml"))
    preview = text_of(admin_client.get(page_url))
    assert 'class="draft-banner"' in preview
    assert "Utkast" in preview


def test_unpublished_topic_vanishes_from_list_search_and_sitemap(
    admin_client, client, loaded, django_capture_on_commit_callbacks
):
    topic = Topic.objects.published().first()
    with translation.override("sv"):
        page_url = topic.get_absolute_url()
        lists = reverse("partners:index")
        search = f"{reverse('search')}?q={topic.title_sv}"
    assert page_url in text_of(client.get(search))
    assert page_url in text_of(client.get("/sitemap.xml"))
    assert page_url in text_of(client.get(lists))
    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, topic, "unpublish")
    assert page_url not in text_of(client.get(lists))
    assert page_url not in text_of(client.get(search))
    assert page_url not in text_of(client.get("/sitemap.xml"))
    assert client.get(page_url).status_code == 404
    assert 'class="draft-banner"' in text_of(admin_client.get(page_url))


def test_unpublished_statistic_vanishes_from_page_search_and_open_data(
    admin_client, client, loaded, django_capture_on_commit_callbacks
):
    value = StatisticValue.objects.select_related("statistic").order_by("-year").first()
    statistic = value.statistic
    with translation.override("fi"):
        page = reverse("stats:index")
        csv = reverse("stats:csv", args=[value.year])
    assert f'data-key="{statistic.key}"' in text_of(client.get(page))
    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, statistic, "unpublish")
    assert f'data-key="{statistic.key}"' not in text_of(client.get(page))
    assert f"{statistic.key}," not in client.get(csv).content.decode()
    search = text_of(client.get(f"{reverse('search')}?q={statistic.label_fi}"))
    assert f"#{statistic.key}" not in search


def inline_management(client, url):
    """The inline formsets' data of an admin change form, unchanged."""
    data = {}
    for inline in client.get(url).context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = field
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)  # no new rows
        for form in formset.initial_forms:
            for name in form.fields:
                value = form[name].value()
                if isinstance(value, bool):
                    value = "on" if value else ""
                if value not in (None, ""):
                    data[form.add_prefix(name)] = value
    return data


# --- Last updated ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "label"), [("fi", "Päivitetty viimeksi"), ("sv", "Senast uppdaterad")]
)
def test_content_pages_show_the_last_updated_date(client, loaded, lang, label):
    unit = a_unit()
    with translation.override(lang):
        pages = [
            unit.get_absolute_url(),
            Topic.objects.first().get_absolute_url(),
            reverse("stats:index"),
        ]
    for page_url in pages:
        text = text_of(client.get(page_url))
        assert label in text
        assert elements(text, "time"), page_url
    (time,) = elements(text_of(client.get(pages[0])), "time")
    assert time["datetime"] == unit.updated_at.astimezone().strftime("%Y-%m-%d")


# --- History, compare, restore, recover ---------------------------------------------------


def test_history_compare_and_restore(
    admin_client, admin_user, client, loaded, django_capture_on_commit_callbacks
):
    unit = a_unit()
    old = unit.name_sv
    url = admin_url(unit)
    with django_capture_on_commit_callbacks(execute=True):
        save_and_publish(
            admin_client, url, form_data(admin_client, url, name_sv="Ny enhet för test")
        )
    with translation.override("sv"):
        page_url = Unit.objects.get(pk=unit.pk).get_absolute_url()
    assert "Ny enhet för test" in text_of(client.get(page_url))

    versions = Version.objects.get_for_object(unit)
    count = versions.count()
    assert versions[0].revision.user == admin_user
    history = text_of(admin_client.get(admin_url(unit, "history")))
    assert admin_user.username in history
    first = versions.last()
    compare = text_of(admin_client.get(f"{admin_url(unit, 'history')}{first.pk}/compare/"))
    assert old in compare and "Ny enhet för test" in compare

    restore = reverse("admin:organisation_unit_revision", args=[unit.pk, first.pk])
    response = admin_client.post(restore, form_data(admin_client, restore))
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit.pk).name_sv == "Ny enhet för test"  # restored as a draft
    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, unit, "publish")
    unit.refresh_from_db()
    assert unit.name_sv == old
    with translation.override("sv"):
        assert old in text_of(client.get(unit.get_absolute_url()))
    assert Version.objects.get_for_object(unit).count() == count + 2  # restored, published


def test_deleted_unit_is_recovered_with_its_translations(admin_client, client, loaded):
    unit = a_unit()
    names = (unit.name_fi, unit.name_sv, unit.name_en, unit.slug_sv, unit.summary_en)
    url = admin_url(unit)
    save_and_publish(admin_client, url, form_data(admin_client, url))  # a revision of it as it is
    response = admin_client.post(admin_url(unit, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()

    recover_list = text_of(admin_client.get(reverse("admin:organisation_unit_recoverlist")))
    deleted = Version.objects.get_deleted(Unit).get(object_id=str(unit.pk))
    assert unit.name_fi in recover_list
    recover = reverse("admin:organisation_unit_recover", args=[deleted.pk])
    assert admin_client.post(recover, form_data(admin_client, recover)).status_code == 302
    unit = Unit.objects.get(pk=unit.pk)
    assert (unit.name_fi, unit.name_sv, unit.name_en, unit.slug_sv, unit.summary_en) == names
    # Recovered as a draft: public again only when a publisher publishes it.
    assert unit.is_published is False
    with translation.override("sv"):
        assert client.get(unit.get_absolute_url()).status_code == 404


def test_load_content_update_records_a_revision(loaded):
    unit = a_unit()
    Unit.objects.filter(pk=unit.pk).update(name_sv="Ändrad utan admin")
    before = Version.objects.get_for_object(unit).count()
    call_command("load_content", "--update", stdout=io.StringIO())
    versions = Version.objects.get_for_object(unit)
    assert versions.count() == before + 1
    assert versions[0].revision.get_comment() == "load_content --update"
    assert versions[0].field_dict["name_sv"] == Unit.objects.get(pk=unit.pk).name_sv


# --- Translation completeness -----------------------------------------------------------


def test_completeness_view_lists_exactly_the_incomplete_items(editor_client):
    url = reverse("admin:translation_completeness")
    loaded_as_it_is = text_of(editor_client.get(url))
    assert 'data-language="sv">0<' in loaded_as_it_is
    assert 'data-out-of-date="sv">0<' in loaded_as_it_is  # loaded translations are current
    units = list(Unit.objects.order_by("pk")[:2])
    Unit.objects.filter(pk=units[0].pk).update(summary_sv="")
    Unit.objects.filter(pk=units[1].pk).update(name_en=None, summary_sv="")
    statistic = Statistic.objects.order_by("pk").first()
    Statistic.objects.filter(pk=statistic.pk).update(label_en="")
    text = text_of(editor_client.get(url))
    links = {
        a["href"].split("#")[0] for a in elements(text, "a") if "/change/" in a.get("href", "")
    }
    assert links == {admin_url(units[0]), admin_url(units[1]), admin_url(statistic)}
    assert 'data-language="sv">2<' in text
    assert 'data-language="en">2<' in text
    index = text_of(editor_client.get("/admin/"))
    assert (
        "3 kohteelta puuttuu ruotsin- tai englanninkielinen käännös tai niiden käännös on "
        "vanhentunut" in index
    )


GAP = {
    "missing": {"fi": "puuttuu", "sv": "saknas", "en": "missing"},
    "out of date": {"fi": "vanhentunut", "sv": "inaktuell", "en": "out of date"},
}


def gaps_listed(html, item):
    """{(language code, what the view calls the gap): {field tabs linked}} of the item's row
    in the completeness view."""
    row = re.search(rf'<tr><th scope="row"><a href="{admin_url(item)}">.*?</tr>', html)[0]
    listed = {}
    for code, text in re.findall(r'<p data-language="(\w+)">(.*?)</p>', row):
        for gap, links in re.findall(r'<span data-gap="\w+">([^:<]+): (.*?)</span>', text):
            tabs = re.findall(rf'href="{admin_url(item)}#tab_id_(\w+)"', links)
            listed[(code, gap)] = set(tabs)
    return listed


def test_a_changed_finnish_text_makes_its_translations_out_of_date_until_they_are_saved(
    admin_client, admin_user, loaded, lang
):
    AdminLanguage.objects.create(user=admin_user, language=lang)
    topic = Topic.objects.get(key="reform")
    assert topic.body_fi and topic.body_sv and topic.body_en
    url, completeness = admin_url(topic), reverse("admin:translation_completeness")
    assert f'href="{url}"' not in text_of(admin_client.get(completeness))
    out_of_date = GAP["out of date"][lang]

    new_finnish = f"{topic.body_fi}<p>Uusi kappale.</p>"
    save_and_publish(admin_client, url, form_data(admin_client, url, body_fi=new_finnish))
    html = text_of(admin_client.get(completeness))
    assert gaps_listed(html, topic) == {
        ("sv", out_of_date): {"body_sv"},
        ("en", out_of_date): {"body_en"},
    }
    assert 'data-out-of-date="sv">1<' in html and 'data-language="sv">0<' in html

    new_swedish = f"{topic.body_sv}<p>Nytt stycke.</p>"
    save_and_publish(admin_client, url, form_data(admin_client, url, body_sv=new_swedish))
    assert gaps_listed(text_of(admin_client.get(completeness)), topic) == {
        ("en", out_of_date): {"body_en"}
    }


def test_a_translation_saved_as_a_draft_is_out_of_date_until_published(admin_client, loaded):
    """The translation counts as saved when it reaches the item: when its draft is published."""
    topic = Topic.objects.get(key="reform")
    url, completeness = admin_url(topic), reverse("admin:translation_completeness")
    save_and_publish(admin_client, url, form_data(admin_client, url, body_fi="<p>Uusi.</p>"))
    admin_client.post(url, form_data(admin_client, url, body_sv="<p>Ny.</p>"))  # a draft
    listed = gaps_listed(text_of(admin_client.get(completeness)), topic)
    assert listed[("sv", GAP["out of date"]["fi"])] == {"body_sv"}
    act(admin_client, topic, "publish")
    listed = gaps_listed(text_of(admin_client.get(completeness)), topic)
    assert ("sv", GAP["out of date"]["fi"]) not in listed


def test_a_load_marks_the_translations_it_writes_as_current(editor_client):
    topic = Topic.objects.get(key="reform")
    made_from = {"body": {"sv": fingerprint("<p>Vanha teksti.</p>")}}
    Topic.objects.filter(pk=topic.pk).update(body_fi="<p>Muutettu.</p>", translated_from=made_from)
    completeness = reverse("admin:translation_completeness")
    listed = gaps_listed(text_of(editor_client.get(completeness)), topic)
    assert listed == {("sv", GAP["out of date"]["fi"]): {"body_sv"}}
    call_command("load_content", "--update", stdout=io.StringIO())
    assert f'href="{admin_url(topic)}"' not in text_of(editor_client.get(completeness))


def test_completeness_view_runs_a_bounded_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    """However many items it lists: every unit misses a translation, every topic with a
    translated body has it out of date."""
    Unit.objects.update(summary_sv="")
    Topic.objects.exclude(body_fi="").update(body_fi=Concat("body_fi", Value("<p>Lisää.</p>")))
    with django_assert_max_num_queries(20):
        html = text_of(editor_client.get(reverse("admin:translation_completeness")))
    out_of_date = sum(bool(topic.body_sv) for topic in Topic.objects.exclude(body_fi=""))
    assert out_of_date > 1
    assert f'data-language="sv">{Unit.objects.count()}<' in html
    assert f'data-out-of-date="sv">{out_of_date}<' in html


# --- Rich text ------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script><p>Teksti</p>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">linkki</a>',
    '<a href="JaVaScRiPt:alert(1)">linkki</a>',
    "<style>body{display:none}</style><p>Tyyli</p>",
    '<p onclick="alert(1)" style="color:red">Teksti</p>',
    "<div><p><script>alert(1)</script></div></p>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<svg><script>alert(1)</script></svg><iframe src="https://example.com"></iframe>',
    '<a href="https://kela.fi" onmouseover="alert(1)">Kela</a><!-- <script> -->',
    "<p>Avoin <b>tagi <em>ilman <script>alert(1)",
]
FORBIDDEN = ["<script", "onerror=", "onclick=", "onmouseover=", "javascript:", "<style", "<iframe"]


def main(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_rich_text_saved_in_the_admin_never_reaches_the_page(
    admin_client, client, loaded, hostile
):
    topic = Topic.objects.published().first()
    url = admin_url(topic)
    response = save_and_publish(admin_client, url, form_data(admin_client, url, body_fi=hostile))
    assert response.status_code == 302
    topic.refresh_from_db()
    stored = topic.body_fi.lower()
    assert not any(bad in stored for bad in FORBIDDEN), stored
    with translation.override("fi"):
        page = main(text_of(client.get(topic.get_absolute_url()))).lower()
    assert not any(bad in page for bad in FORBIDDEN)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_rich_text_is_cleaned_again_when_rendered(client, loaded, hostile):
    topic = Topic.objects.published().first()
    Topic.objects.filter(pk=topic.pk).update(body_fi=hostile, body_sv="")  # bypasses the field
    with translation.override("sv"):
        page = main(text_of(client.get(topic.get_absolute_url()))).lower()
    assert not any(bad in page for bad in FORBIDDEN)


def topic_page_after_saving(admin_client, client, lang, body):
    """The public page of a topic after an editor saved its body in the language."""
    topic = Topic.objects.published().first()
    url = admin_url(topic)
    save_and_publish(admin_client, url, form_data(admin_client, url, **{f"body_{lang}": body}))
    with translation.override(lang):
        return text_of(client.get(topic.get_absolute_url()))


def test_allowed_rich_text_survives(admin_client, client, loaded):
    body = '<h2>Otsikko</h2><ul><li><a href="https://www.kela.fi/">Kela</a></li></ul>'
    page = topic_page_after_saving(admin_client, client, "fi", body)
    assert "<h2>Otsikko</h2>" in page
    assert '<a href="https://www.kela.fi/" rel="noopener noreferrer">Kela</a>' in page


def test_a_finnish_name_marked_in_swedish_rich_text_keeps_its_language(
    admin_client, client, loaded
):
    body = '<p>I spalten <span lang="fi">Kysy Kelasta</span> svarar vi. <span lang="x">Y</span></p>'
    page = topic_page_after_saving(admin_client, client, "sv", body)
    assert 'I spalten <span lang="fi">Kysy Kelasta</span> svarar vi.' in page
    assert 'lang="x"' not in page  # only the portal's languages


REMOVED = {
    "fi": "Tallennus poisti kentästä Leipäteksti (suomi): taulukko (<table>), skripti (<script>), "
    "linkki osoitteeseen javascript:alert(1), kielimerkintä ”de”.",
    "sv": "Sparandet tog bort ur Brödtext (finska): en tabell (<table>), ett skript (<script>), "
    "en länk till javascript:alert(1), en språkmarkering ”de”.",
    "en": "Saving removed from Body (Finnish): a table (<table>), a script (<script>), "
    "a link to javascript:alert(1), a language mark “de”.",
}


@pytest.mark.parametrize("language", REMOVED)
def test_the_editor_is_told_what_saving_removed(admin_client, loaded, language):
    """A published topic: the body is saved into its draft, and the message names what went."""
    admin_client.post(reverse("admin:admin_language"), {"language": language})
    topic = Topic.objects.published().first()
    url = admin_url(topic)
    body = (
        "<p>Taulukko:</p><table><tr><td>1</td></tr></table><script>alert(1)</script>"
        '<p><a href="javascript:alert(1)">linkki</a> <span lang="de">Wort</span></p>'
    )
    response = admin_client.post(url, form_data(admin_client, url, body_fi=body), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert REMOVED[language] in messages
    assert "<script>" not in workflow.draft_of(topic).data["body_fi"]


def test_the_editors_messages_stay_on_the_server(admin_client, loaded):
    """A message after saving is kept in the editor's session, not in a cookie sent back and
    forth: the next page shows it once."""
    topic = Topic.objects.published().first()
    url = admin_url(topic)
    saved = admin_client.post(url, form_data(admin_client, url))
    assert saved.status_code == 302
    assert "messages" not in saved.cookies
    shown = admin_client.get(saved["Location"])
    assert [str(m) for m in shown.context["messages"]] != []
    assert [str(m) for m in admin_client.get(saved["Location"]).context["messages"]] == []


def test_the_editors_markup_saves_without_a_removal_message(admin_client, loaded):
    """What the editor makes: a link with the empty title of its dialog and its own rel."""
    topic = Topic.objects.published().first()
    url = admin_url(topic)
    body = (
        '<h2>Otsikko</h2><ol><li><p><a title="" rel="noopener noreferrer nofollow" '
        'href="https://www.kela.fi/">Kela</a> <span lang="sv">FPA</span></p></li></ol>'
    )
    response = admin_client.post(url, form_data(admin_client, url, body_fi=body), follow=True)
    assert [str(m) for m in response.context["messages"] if m.level == constants.WARNING] == []


# --- Validation messages in the editor's language ------------------------------------------


def test_duplicate_slug_refused_in_swedish(admin_client, loaded):
    first, second = Unit.objects.order_by("pk")[:2]
    url = admin_url(second)
    data = form_data(admin_client, url, slug_sv=first.slug_sv)
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="sv")
    assert "En annan post har redan det här adressnamnet (slug) på det här språket." in text_of(
        response
    )


def test_missing_finnish_name_refused_in_swedish(admin_client, loaded):
    url = admin_url(a_unit())
    response = admin_client.post(
        url, form_data(admin_client, url, name_fi=""), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert "Detta fält måste fyllas i." in text_of(response)


def test_tree_cycle_refused_in_finnish(admin_client, loaded):
    child = a_unit()
    parent = child.parent
    url = admin_url(parent)
    data = form_data(admin_client, url, parent=child.pk)
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="fi")
    assert "Yksikkö ei voi olla oma yläyksikkönsä: valitse yläyksiköksi" in text_of(response)


def test_bad_url_refused_in_swedish(admin_client, loaded):
    change = admin_url(ServiceChannel.objects.first())
    data = form_data(admin_client, change, url="javascript:alert(1)")
    response = admin_client.post(change, data, HTTP_ACCEPT_LANGUAGE="sv")
    assert "Fyll i en giltig URL." in text_of(response)


@pytest.mark.parametrize(
    ("lang", "message"),
    [("fi", "Arvo ei voi olla negatiivinen."), ("sv", "Värdet kan inte vara negativt.")],
)
def test_negative_figure_refused_in_the_editors_language(admin_client, loaded, lang, message):
    value = StatisticValue.objects.first()
    url = admin_url(value)
    response = admin_client.post(
        url, form_data(admin_client, url, value="-5"), HTTP_ACCEPT_LANGUAGE=lang
    )
    assert message in text_of(response)


def test_user_and_group_forms_offer_checkboxes_and_no_unlabelled_inputs(admin_client, db):
    """The user and group forms list groups and permissions as labelled checkboxes (Django's
    two-list filter gives a <span> a prohibited aria-label), and show the dates the system
    records instead of split date and time inputs without labels."""
    user = User.objects.get(username="admin")
    group = Group.objects.get(name="Editors")
    user_form = text_of(admin_client.get(admin_url(user)))
    group_form = text_of(admin_client.get(admin_url(group)))
    for html, name in [
        (user_form, "groups"),
        (user_form, "user_permissions"),
        (group_form, "permissions"),
    ]:
        boxes = [i for i in elements(html, "input") if i.get("name") == name]
        assert boxes and all(box["type"] == "checkbox" for box in boxes), name
        labelled = {label.get("for") for label in elements(html, "label")}
        assert {box["id"] for box in boxes} <= labelled, name
        assert "selectfilter" not in html
    names = {i.get("name") for i in elements(user_form, "input")}
    assert not names & {"last_login_0", "last_login_1", "date_joined_0", "date_joined_1"}
