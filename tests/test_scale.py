"""At a hundred times the content (bench/content.py): every public page keeps its SQL queries
and its size, and the long lists are reachable page by page through plain links."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bench.content import fill, refuse_outside_bench
from kela_portal.cache import content_changed
from organisation.models import Unit
from partners.models import Organiser, Topic
from tests.conftest import LANGUAGES
from tests.pages import public_pages

MAX_QUERIES = 6
MAX_BYTES = 100 * 1024
# 100 × the units, topics, organisers and years; a tenth of the search documents, for time.
SCALE, DOCUMENTS = 100, 5000


def pages_to_check(lang):
    """Every public page type, the deepest unit and the last pages of the long lists."""
    with translation.override(lang):
        deepest = Unit.objects.published().order_by("-pk").first()
        return [
            *public_pages(lang),
            ("deepest unit", deepest.get_absolute_url()),
            ("last topics", reverse("partners:index") + "?page=9999"),
            ("last organisers", reverse("partners:organisers") + "?page=9999"),
        ]


def queries_and_sizes(client):
    """{(lang, label): (SQL queries, bytes)} of every page, each rendered from nothing cached."""
    facts = {}
    for lang in LANGUAGES:
        for label, path in pages_to_check(lang):
            content_changed()  # nothing rendered before counts, neither pages nor fragments
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code in (200, 404), (lang, label, response.status_code)
            facts[lang, label] = (len(queries), len(response.content))
    return facts


def test_pages_keep_their_queries_and_size_at_100_times_the_content(client, loaded):
    before = queries_and_sizes(client)
    fill(SCALE, documents=DOCUMENTS)
    assert Unit.objects.count() > 2000 and Organiser.objects.count() > 2200
    after = queries_and_sizes(client)
    grown = {
        page: (before[page][0], n) for page, (n, _size) in after.items() if n > before[page][0]
    }
    assert grown == {}, "more queries at 100 × the content"
    assert {page: n for page, (n, _size) in after.items() if n > MAX_QUERIES} == {}
    assert {page: size for page, (_n, size) in after.items() if size > MAX_BYTES} == {}


def follow_pages(client, path):
    """The HTML of each page of a paged list, from the first by its "next" links."""
    pages = []
    while path:
        html = client.get(path).content.decode()
        assert len(html.encode()) <= MAX_BYTES, path
        pages.append(html)
        following = re.search(r'<a href="([^"]+)" rel="next">', html)
        path = path.split("?")[0] + following.group(1).replace("&amp;", "&") if following else None
    return pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_organiser_and_topic_is_reached_page_by_page(client, loaded, lang):
    fill(SCALE, documents=DOCUMENTS)
    with translation.override(lang):
        organisers = set(Organiser.objects.published().values_list("slug", flat=True))
        topics = {topic.get_absolute_url() for topic in Topic.objects.published()}
        organiser_pages = follow_pages(client, reverse("partners:organisers"))
        topic_pages = follow_pages(client, reverse("partners:index"))
    listed = [slug for html in organiser_pages for slug in re.findall(r'<li id="([^"]+)">', html)]
    assert sorted(listed) == sorted(organisers), "each organiser once"
    linked = {url for html in topic_pages for url in re.findall(r'<a href="([^"]+)"', html)}
    assert topics <= linked
    assert len(organiser_pages) > 1 and len(topic_pages) > 1


def test_every_unit_is_reached_from_the_chart_through_links(client, loaded):
    """From the organisation chart, each unit page leads to the units under it: every unit of
    the deeper tree is a few links away, with no page over the bound."""
    fill(SCALE, documents=DOCUMENTS)
    prefix = "/fi/organisaatio/"
    seen, queue = set(), [prefix]
    while queue:
        html = client.get(queue.pop()).content.decode()
        assert len(html.encode()) <= MAX_BYTES
        for path in set(re.findall(rf'href="({prefix}[^"/]+/)"', html)) - seen:
            seen.add(path)
            queue.append(path)
    with translation.override("fi"):
        units = {unit.get_absolute_url() for unit in Unit.objects.published()}
    assert units <= seen


class Database:
    def __init__(self, name):
        self.settings_dict = {"NAME": name}


@pytest.mark.parametrize("name", ["kela", "kela_ci"])
def test_a_database_not_named_as_a_tests_is_refused_with_the_rule_and_what_to_do(name):
    with pytest.raises(SystemExit) as refusal:
        refuse_outside_bench(Database(name))
    message = str(refusal.value)
    assert repr(name) in message
    assert "'bench'" in message and "'test_'" in message
    assert "DJANGO_TEST_DB_NAME" in message


@pytest.mark.parametrize("name", ["test_kela", "kela_bench", "test_h_pages2"])
def test_a_tests_or_a_benchmarks_database_is_filled(name):
    refuse_outside_bench(Database(name))
