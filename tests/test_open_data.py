"""The open data API (/api/v1/) and the feed of changes, as a partner's system uses them."""

import json
from xml.etree import ElementTree

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from organisation.models import Unit
from partners.models import ServiceChannel, Topic
from publishing import workflow
from tests.conftest import LANGUAGES

LISTS = [
    "/api/v1/units/",
    "/api/v1/organisers/",
    "/api/v1/topics/",
    "/api/v1/service-channels/",
    "/api/v1/service-channels/ptv/",
    "/api/v1/communication-channels/",
    "/api/v1/guide/",
    "/api/v1/statistics/",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def every_page(client, url, **headers):
    """The results of every page of a list, following the `next` links."""
    results = []
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        body = response.json()
        results += body["results"]
        url = body["next"]
    return results


def feed_entries(client, lang):
    with translation.override(lang):
        url = reverse("open_data_feed")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.find(f"{ATOM}summary").text,
            "updated": entry.find(f"{ATOM}updated").text,
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def everything(client):
    """Every answer of the API about the content, as one text."""
    texts = [json.dumps(every_page(client, url)) for url in LISTS]
    texts.append(client.get("/api/v1/statistics/2020/").content.decode())
    return "\n".join(texts)


def test_units_come_as_a_tree_with_every_text_in_three_languages(client, loaded):
    units = {unit["key"]: unit for unit in every_page(client, "/api/v1/units/?page_size=5")}
    assert len(units) == Unit.objects.published().count()
    for unit in units.values():
        assert set(unit["name"]) == set(LANGUAGES)
        if unit["parent"] is not None:
            assert unit["key"] in units[unit["parent"]]["children"]
        for child in unit["children"]:
            assert units[child]["parent"] == unit["key"]
        assert {code: link.split("/")[3] for code, link in unit["page"].items()} == {
            code: code for code in LANGUAGES
        }
    assert any(unit["parent"] is None for unit in units.values())
    assert any(unit["children"] for unit in units.values())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_untranslated_text_is_given_in_finnish_and_marked(client, loaded, lang):
    topic = Topic.objects.published().first()
    setattr(topic, f"summary_{lang}", "")
    topic.save()
    topics = {item["key"]: item for item in every_page(client, "/api/v1/topics/")}
    summary = topics[topic.key]["summary"]
    assert summary[lang] == {"text": topic.summary_fi, "is_fallback": True}
    assert summary["fi"] == {"text": topic.summary_fi, "is_fallback": False}


def test_pages_link_to_each_other(client, loaded):
    first = client.get("/api/v1/units/?page_size=2").json()
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["previous"].endswith("page=1")
    assert {u["key"] for u in second["results"]}.isdisjoint(u["key"] for u in first["results"])


def test_a_drafts_text_never_appears(client, loaded, editor, django_capture_on_commit_callbacks):
    topic = Topic.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        topic.title_fi = "LUONNOS-EI-JULKINEN"
        workflow.save_draft(topic, ["title_fi"], editor)
        Topic.objects.create(
            key="new-draft-topic",
            is_published=False,
            section="reform",
            title_fi="UUSI-LUONNOS-EI-JULKINEN",
            slug_fi="uusi-luonnos",
            slug_sv="nytt-utkast",
            slug_en="new-draft",
            summary_fi="Luonnos.",
        )
    text = everything(client)
    assert "LUONNOS-EI-JULKINEN" not in text
    assert "new-draft-topic" not in text
    found = client.get("/api/v1/search/?q=LUONNOS-EI-JULKINEN&lang=fi").json()
    assert found["count"] == 0
    for lang in LANGUAGES:
        assert "LUONNOS-EI-JULKINEN" not in json.dumps(feed_entries(client, lang))


def channel_found(client, name):
    """Whether a search of the API finds the service channel "phone" itself."""
    results = every_page(client, f"/api/v1/search/?q={name}&lang=fi")
    return any(result["url"].endswith("#channel-phone") for result in results)


def test_an_unpublished_item_is_gone_from_every_endpoint_and_feed_at_once(
    client, loaded, publisher, django_capture_on_commit_callbacks
):
    channel = ServiceChannel.objects.get(key="phone")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(channel, None, publisher)  # a "published" event for the feed
    url = "/api/v1/service-channels/"
    before = client.get(url)
    name = channel.name_fi
    assert name in everything(client)
    assert channel_found(client, name)
    for lang in LANGUAGES:
        assert channel.key in {e["link"].rsplit("-", 1)[-1] for e in feed_entries(client, lang)}

    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(channel, publisher)

    # A client revalidating what it had gets the new answer, not a 304.
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    text = everything(client)
    assert name not in text
    assert '"channel": "phone"' not in text  # the guide recommends it no more
    assert not channel_found(client, name)
    for lang in LANGUAGES:
        assert channel.key not in {e["link"].rsplit("-", 1)[-1] for e in feed_entries(client, lang)}


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/statistics/2020/", "/api/v1/"])
def test_an_unchanged_answer_is_a_304(client, loaded, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    assert "max-age=" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_the_etag_changes_with_the_query(client, loaded):
    one = client.get("/api/v1/units/?page_size=2")
    two = client.get("/api/v1/units/?page_size=2&page=2")
    assert one.status_code == two.status_code == 200
    assert one["ETag"] != two["ETag"]


def test_the_rate_limit_holds_whatever_x_forwarded_for_claims(client, loaded, settings):
    settings.API_RATE_LIMIT = 3
    settings.TRUSTED_PROXIES = "1"  # one proxy in front: it appends the client's address
    answers = [
        client.get("/api/v1/", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7").status_code
        for n in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]
    limited = client.get("/api/v1/units/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert limited["Content-Type"] == "application/problem+json"
    assert limited.json()["status"] == 429
    assert int(limited["Retry-After"]) >= 1
    # Another client, behind the same proxy, is not limited by the first.
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_without_trusted_proxies_a_forged_header_changes_nothing(client, loaded, settings):
    settings.API_RATE_LIMIT = 2
    answers = [
        client.get("/api/v1/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert answers == [200, 200, 429]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_a_bounded_number_of_queries(
    client, loaded, url, django_assert_max_num_queries
):
    client.get(url)  # the content version and the search's editorial words are read once
    with django_assert_max_num_queries(6):
        response = client.get(f"{url}?page_size=100")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/units/?page=zero", 400),
        ("/api/v1/units/?page_size=1000", 400),
        ("/api/v1/search/?q=kela&lang=de", 400),
        ("/api/v1/search/", 400),
        ("/api/v1/units/?page=999", 404),
        ("/api/v1/statistics/1999/", 404),
        ("/api/v1/no-such-thing/", 404),
        ("/api/v1/units", 404),
    ],
)
def test_errors_are_problem_details(client, loaded, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]


def test_any_web_page_may_read_the_api_but_not_the_pages(client, loaded):
    api = client.get("/api/v1/units/", HTTP_ORIGIN="https://partner.example")
    assert api["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in api["Access-Control-Expose-Headers"]
    page = client.get("/fi/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in page


def test_the_openapi_description_is_3_1_and_documents_the_problems(client, loaded):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    assert "/api/v1/units/" in paths and "/api/v1/statistics/{year}/" in paths
    not_found = paths["/api/v1/units/"]["get"]["responses"]["404"]["content"]
    assert list(not_found) == ["application/problem+json"]


def test_the_open_data_page_links_the_description_and_the_feed(client, loaded, lang):
    with translation.override(lang):
        url, feed = reverse("open_data"), reverse("open_data_feed")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/api/v1/openapi.json"' in html
    assert f'href="{feed}"' in html
    home = client.get(f"/{lang}/").content.decode()
    assert f'href="{url}"' in home


def test_the_feed_lists_public_items_in_the_feeds_language(client, loaded, lang):
    entries = feed_entries(client, lang)
    assert entries
    assert all(entry["link"].split("/")[3] == lang for entry in entries)
    assert all(entry["title"] and entry["summary"] and entry["updated"] for entry in entries)


def test_service_channels_have_a_ptv_type_and_only_sourced_details(client, loaded):
    channels = every_page(client, "/api/v1/service-channels/")
    assert {c["channel_type"] for c in channels} <= set(ServiceChannel.Type.values)
    phone = next(c for c in channels if c["key"] == "phone")
    assert phone["languages"] == ["fi", "sv", "en"]
    assert phone["hours"]["fi"]["text"]
    ptv = {c["sourceId"]: c for c in every_page(client, "/api/v1/service-channels/ptv/")}
    assert ptv["phone"]["serviceChannelType"] == "Phone"
    assert ptv["service-point"]["serviceChannelType"] == "ServiceLocation"


def test_the_database_refuses_an_unknown_channel_type(loaded):
    channel = ServiceChannel.objects.first()
    channel.channel_type = "fax"
    with pytest.raises(IntegrityError), transaction.atomic():
        channel.save()
