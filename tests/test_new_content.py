"""A new item needs only its Finnish text: its key and its addresses in every language are
made from its names, and the translation completeness view says what is still missing."""

from django.urls import reverse
from django.utils import translation

from partners.models import Topic
from tests.helpers import act, elements

TITLE = "Yhteistyö hyvinvointialueiden kanssa"
NOTICE = {
    "sv": "(Inte översatt ännu: visas på finska.)",
    "en": "(Not yet translated: shown in Finnish.)",
}


def add_topic(client, **fields):
    data = {
        "section": Topic.Section.values[0],
        "title_fi": TITLE,
        "summary_fi": "Kela tekee yhteistyötä hyvinvointialueiden kanssa.",
        "order": "0",
        "is_published": "on",
        **fields,
    }
    return client.post(reverse("admin:partners_topic_add"), data)


def test_a_topic_with_finnish_text_only_saves_and_has_pages_in_every_language(
    editor_client, admin_client
):
    response = add_topic(editor_client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    topic = Topic.objects.get(title_fi=TITLE)
    act(admin_client, topic, "publish")  # a new item is a draft until a publisher publishes it
    assert topic.key == "yhteistyo-hyvinvointialueiden-kanssa"
    assert [topic.slug_fi, topic.slug_sv, topic.slug_en] == [topic.key] * 3

    for lang in ("sv", "en"):
        with translation.override(lang):
            url = topic.get_absolute_url()
        page = editor_client.__class__().get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert TITLE in html and NOTICE[lang] in html

    completeness = editor_client.get(reverse("admin:translation_completeness"))
    html = completeness.content.decode()
    change = reverse("admin:partners_topic_change", args=[topic.pk])
    links = {a["href"] for a in elements(html, "a")}
    for lang in ("sv", "en"):
        assert f"{change}#tab_id_title_{lang}" in links
        assert f"{change}#tab_id_summary_{lang}" in links
    assert f"{change}#tab_id_body_sv" not in links  # no Finnish body: nothing to translate


def test_a_second_topic_of_the_same_name_gets_numbered_addresses(editor_client):
    add_topic(editor_client)
    response = add_topic(editor_client, title_sv="Samarbete med välfärdsområdena")
    assert response.status_code == 302, response.context["adminform"].form.errors
    second = Topic.objects.filter(title_fi=TITLE).order_by("pk").last()
    assert second.key == "yhteistyo-hyvinvointialueiden-kanssa-2"
    assert second.slug_fi == "yhteistyo-hyvinvointialueiden-kanssa-2"
    assert second.slug_sv == "samarbete-med-valfardsomradena"
    assert second.slug_en == "yhteistyo-hyvinvointialueiden-kanssa-2"


def test_key_and_addresses_can_be_chosen_when_adding(editor_client):
    response = add_topic(editor_client, key="hyvinvointialueet", slug_fi="alueet", slug_en="areas")
    assert response.status_code == 302
    topic = Topic.objects.get(key="hyvinvointialueet")
    assert [topic.slug_fi, topic.slug_sv, topic.slug_en] == [
        "alueet",
        "yhteistyo-hyvinvointialueiden-kanssa",
        "areas",
    ]
