"""Every text field states its limit and refuses a longer text with a message: nothing is cut
short without a word, and rich text has a sane maximum size."""

from django.urls import reverse

from organisation.models import Unit
from partners.models import Topic
from tests.helpers import elements


def posted(client, url, **changes):
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False, "")}
    return client.post(url, {**data, **changes})


def test_no_input_is_cut_short_by_the_browser_and_each_states_its_limit(editor_client):
    unit = Unit.objects.order_by("pk").first()
    html = editor_client.get(reverse("admin:organisation_unit_change", args=[unit.pk]))
    html = html.content.decode()
    assert [i["name"] for i in elements(html, "input") if "maxlength" in i] == []
    assert [t["name"] for t in elements(html, "textarea") if "maxlength" in t] == []
    assert "Enintään 300 merkkiä." in html  # the summary
    assert "Enintään 100\u00a0000 merkkiä." in html  # the responsibilities (rich text)


def test_a_too_long_summary_is_refused_with_a_message(editor_client):
    unit = Unit.objects.order_by("pk").first()
    url = reverse("admin:organisation_unit_change", args=[unit.pk])
    response = posted(editor_client, url, summary_fi="a" * 400)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["summary_fi"]
    assert errors == ["Tämän arvon tulee olla enintään 300 merkkiä pitkä (tällä hetkellä 400)."]
    assert Unit.objects.get(pk=unit.pk).summary_fi == unit.summary_fi


def test_rich_text_has_a_maximum_size(editor_client):
    topic = Topic.objects.order_by("pk").first()
    url = reverse("admin:partners_topic_change", args=[topic.pk])
    response = posted(editor_client, url, body_fi="<p>" + "a" * 1_100_000 + "</p>")
    assert response.status_code == 200
    assert "body_fi" in response.context["adminform"].form.errors
    assert Topic.objects.get(pk=topic.pk).body_fi == topic.body_fi
