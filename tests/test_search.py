"""Search in Finnish, Swedish and English on PostgreSQL: stemming, ranking, snippets, safety."""

import datetime
import io
import os
import re
import subprocess
import sys

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql as psycopg_sql
from reversion.models import Version

from kela_portal import cache as page_cache
from organisation.models import Unit
from search import query, report
from search.index import index_pages
from search.models import PromotedResult, QueryCount, SearchDocument, Synonym
from search.views import RESULT_COUNT_HEADER
from tests.helpers import client_of
from tests.servers import fetch, gunicorn

SEARCH_PATHS = {"fi": "/fi/haku/", "sv": "/sv/sok/", "en": "/en/search/"}


def results(client, lang, query):
    """(title, url) of the first page of results for the query in the language."""
    response = client.get(SEARCH_PATHS[lang], {"q": query})
    assert response.status_code == 200
    return [(document.title, document.url) for document in response.context["page"] or []]


def titles(client, lang, query):
    return [title for title, _url in results(client, lang, query)]


@pytest.mark.parametrize(
    ("lang", "query", "title", "url"),
    [
        ("fi", "kuntoutukseen", "Apua kuntoutukseen ohjaamiseen", "/fi/kumppanit/aiheet/"),
        (
            "fi",
            "hyvinvointialueella",
            "Sosiaali- ja terveyspalvelujen järjestäjät",
            "/fi/kumppanit/jarjestajat/",
        ),
        ("sv", "välfärdsområdet", "Lapplands välfärdsområde", "/sv/samarbetspartner/anordnare/"),
        (
            "en",
            "rehabilitation",
            "Help with referring customers to rehabilitation",
            "/en/partners/",
        ),
        (
            "fi",
            "Ahvenanmaa",
            "Läntinen asiakaspalveluyksikkö ja Kela Ahvenanmaa",
            "/fi/organisaatio/",
        ),
        ("sv", "Åland", "Västra kundbetjäningsenheten och FPA Åland", "/sv/organisation/"),
        ("en", "Åland", "Kela Åland", "/en/organisation/"),
    ],
)
def test_content_is_found_with_stemming_in_each_language(client, loaded, lang, query, title, url):
    found = results(client, lang, query)
    assert any(
        title in found_title and found_url.startswith(url) for found_title, found_url in found
    ), found


def test_a_query_is_asked_the_same_way_in_every_process():
    """Every worker process (each with its own hash seed) asks PostgreSQL the same tsquery for
    the same words, so that a search ranks its results the same whichever worker answers: the
    order of a word's stems in the tsquery changed ts_rank."""
    code = (
        "import django; django.setup(); from search import query;"
        "print(query._tsquery('kela services rehabilitation', 'en'))"
    )
    asked = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(asked) == 1, asked


def test_last_word_matches_as_a_prefix(client, loaded):
    assert titles(client, "fi", "tietoturv")
    assert titles(client, "en", "pensi")


def test_title_match_ranks_above_body_match(client, loaded):
    Unit.objects.create(
        key="test-body",
        kind="other",
        name_fi="Testiyksikkö A",
        slug_fi="testi-a",
        summary_fi="Tämä yksikkö käsittelee kaleidoskooppeja.",
    )
    Unit.objects.create(
        key="test-title",
        kind="other",
        name_fi="Kaleidoskooppiyksikkö",
        slug_fi="testi-b",
        summary_fi="Yksikkö.",
    )
    found = titles(client, "fi", "kaleidoskooppi")
    assert found[:2] == ["Kaleidoskooppiyksikkö", "Testiyksikkö A"]


def test_snippet_highlights_and_escapes(client, loaded):
    Unit.objects.create(
        key="test-html",
        kind="other",
        name_fi="Merkintäyksikkö",
        slug_fi="merkinta",
        summary_fi="Ehto 5 < 7 & 8 > 2 ja sana zebrafiini tässä.",
    )
    html = client.get(SEARCH_PATHS["fi"], {"q": "zebrafiini"}).content.decode()
    assert "<mark>zebrafiini</mark>" in html
    assert "5 &lt; 7 &amp; 8 &gt; 2" in html


@pytest.mark.parametrize("typed", ["omakela", "OMAKELA", "OmaKelassa"])
def test_snippet_of_a_long_text_starts_a_little_before_the_first_match(client, loaded, typed):
    """Thirty words from ten before the first match, the matches marked however they are
    written, and an ellipsis where the text goes on."""
    before = [f"a{n}" for n in range(25)]
    after = [f"b{n}" for n in range(25)]
    summary = " ".join([*before, "OmaKelassa", "ja", "OMAKELA", *after]) + "."
    Unit.objects.create(
        key="test-long", kind="other", name_fi="Pitkä yksikkö", slug_fi="pitka", summary_fi=summary
    )
    html = client.get(SEARCH_PATHS["fi"], {"q": typed}).content.decode()
    item = html[html.index("Pitkä yksikkö") :]
    snippet = item[item.index("<p>") + 3 : item.index("</p>", item.index("<p>"))]
    expected = [*before[15:], "<mark>OmaKelassa</mark>", "ja", "<mark>OMAKELA</mark>", *after[:17]]
    assert snippet == "… " + " ".join(expected) + " …"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_search_results_are_not_indexed_by_search_engines(client, loaded, lang):
    """A page of results tells search engines not to index it (a link to a search for any
    words would put them in their index as the portal's); the search page itself may be."""
    assert client.get(SEARCH_PATHS[lang], {"q": "kela"})["X-Robots-Tag"] == "noindex"
    assert client.get(SEARCH_PATHS[lang], {"q": "kela", "page": "2"})["X-Robots-Tag"] == "noindex"
    assert "X-Robots-Tag" not in client.get(SEARCH_PATHS[lang])


def test_a_result_without_text_has_no_empty_snippet(client, loaded):
    """A referral guide question has a title and no text: its result is its title and what it
    is, with no empty paragraph for a screen reader to stop at."""
    html = client.get(SEARCH_PATHS["fi"], {"q": "kuntoutukseen"}).content.decode()
    item = html[html.index("Liittyykö asia työkykyyn") :]
    item = item[: item.index("</li>")]
    assert 'class="muted"' in item
    assert re.findall(r"<p[^>]*></p>", html) == []


def test_pages_listing_an_item_are_indexed_again_before_its_change_is_announced(
    loaded, monkeypatch, django_capture_on_commit_callbacks
):
    """A search rendered as soon as the new content version is announced (and cached under
    it) already finds the pages that list the changed item as they now read."""
    seen = []
    announce = page_cache.new_content_version

    def look_then_announce():
        page = SearchDocument.objects.get(page="organisation:index", language="fi")
        seen.append("Seeprayksikkö" in page.body)
        announce()

    monkeypatch.setattr(page_cache, "new_content_version", look_then_announce)
    unit = Unit.objects.get(key="communications-unit")
    unit.name_fi = "Seeprayksikkö"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        unit.save()
    assert seen == [True]


def test_unpublished_item_is_never_found(client, loaded, django_capture_on_commit_callbacks):
    unit = Unit.objects.get(key="medical-advisory-unit")
    query = unit.name_fi
    assert any(unit.name_fi == title for title in titles(client, "fi", query))
    unit.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        unit.save()
    assert unit.name_fi not in titles(client, "fi", query)


def test_units_under_an_unpublished_unit_leave_search_and_come_back(
    client, loaded, django_capture_on_commit_callbacks
):
    """Their pages are not shown while a unit above them is unpublished: nor are they found."""
    unit = Unit.objects.filter(parent__isnull=False, children__isnull=True).first()
    grandparent = unit.parent.parent or unit.parent
    assert unit.name_fi in titles(client, "fi", unit.name_fi)
    grandparent.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        grandparent.save()
    assert unit.name_fi not in titles(client, "fi", unit.name_fi)
    assert client.get(unit.get_absolute_url()).status_code == 404
    grandparent.is_published = True
    with django_capture_on_commit_callbacks(execute=True):
        grandparent.save()
    assert unit.name_fi in titles(client, "fi", unit.name_fi)


def test_untranslated_item_is_found_through_finnish(client, loaded):
    Unit.objects.create(
        key="test-untranslated",
        kind="other",
        name_fi="Kvasaarikeskus",
        slug_fi="kvasaari",
        summary_fi="Vain suomeksi.",
    )
    response = client.get(SEARCH_PATHS["sv"], {"q": "kvasaarikeskus"})
    html = response.content.decode()
    assert "Kvasaarikeskus" in html
    assert 'lang="fi"' in html


@pytest.mark.parametrize(
    "query", ['"', "\\", "&|!:*()", "a & | b", "'''", "<>", "kela:*", "!!!", "(" * 50, "x" * 1000]
)
def test_tsquery_syntax_never_breaks(client, loaded, query):
    for lang in SEARCH_PATHS:
        assert client.get(SEARCH_PATHS[lang], {"q": query}).status_code == 200


def test_empty_query_shows_the_page_without_results(client, db):
    response = client.get(SEARCH_PATHS["en"], {"q": "   "})
    assert response.status_code == 200
    assert response.context["page"] is None


def test_long_query_is_cut(client, db):
    response = client.get(SEARCH_PATHS["en"], {"q": "a" * 500})
    assert response.context["query"] == "a" * query.MAX_QUERY_LENGTH


def test_nothing_found_suggests_the_sections(client, loaded):
    html = client.get(SEARCH_PATHS["sv"], {"q": "xyzzyqwerty"}).content.decode()
    assert "Inget hittades" in html
    assert 'href="/sv/organisation/"' in html


# At most 200 examples: the full 2,000 of the CI profile are for the fuzz test of every page.
@settings(
    max_examples=min(200, settings.default.max_examples),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=500))
def test_any_unicode_query_answers_200(client, db, query):
    assert client.get(SEARCH_PATHS["fi"], {"q": query}).status_code == 200


def test_rebuild_command_indexes_every_published_item(loaded):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    units = Unit.objects.published().count()
    content_type = ContentType.objects.get_for_model(Unit)
    assert SearchDocument.objects.filter(content_type=content_type).count() == units * 3


def test_gin_index_is_used_with_5000_documents(loaded):
    content_type = ContentType.objects.get_for_model(Unit)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO search_searchdocument
                (content_type_id, object_id, language, kind, title, body, url, is_fallback, vector)
            SELECT %s, 100000 + n, 'fi', 'yksikkö', 'Asiakirja ' || n, 'Teksti numero ' || n,
                   '/fi/', false, to_tsvector('finnish', 'Asiakirja ' || n || ' teksti' || n)
            FROM generate_series(1, 5000) AS n
            """,
            [content_type.pk],
        )
        cursor.execute("ANALYZE search_searchdocument")
    queryset = query.search("hyvinvointialue", "fi")
    plan = queryset.explain()
    assert "search_vector_gin" in plan, plan


def test_a_search_makes_its_tsquery_once_whatever_the_words(loaded):
    """The search's statement is prepared on each connection once it has run a few times
    (psycopg's prepare_threshold), and PostgreSQL soon plans it for any words (its generic
    plan). That plan makes the tsquery once, rather than again for the condition and the rank
    of every matching document, which made a search that matches many documents slow."""
    for _ in range(connection.settings_dict["OPTIONS"]["prepare_threshold"] + 1):
        results = query.search("hyvinvointialue", "fi")
        results.count()  # the first page: after these runs, prepared on this connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%FROM search_searchdocument d%"],
        )
        (name,) = cursor.fetchone()
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        # EXPLAIN takes no bound parameters: the values are written into it as literals.
        values = [*results.params, query.PAGE_SIZE, 0]
        arguments = ", ".join(psycopg_sql.Literal(value).as_string() for value in values)
        cursor.execute(f"EXPLAIN EXECUTE {name}({arguments})")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_vector_gin" in plan, plan
    assert "to_tsquery" not in plan, plan


def test_editors_add_synonyms_and_promoted_results_with_history(admin_client, loaded):
    index_pages()
    response = admin_client.post(
        reverse("admin:search_synonym_add"), {"language": "fi", "words": "FPA, Kela"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    synonym = Synonym.objects.get()
    assert Version.objects.get_for_object(synonym).count() == 1
    url = "/fi/kumppanit/aiheet/kuntoutukseen-ohjaaminen/"
    response = admin_client.post(
        reverse("admin:search_promotedresult_add"),
        {"language": "fi", "query": "  Lähete ", "url": url, "order": 0},
    )
    assert response.status_code == 302
    promoted = PromotedResult.objects.get()
    assert promoted.query == "lähete"
    assert Version.objects.get_for_object(promoted).count() == 1
    history = admin_client.get(reverse("admin:search_promotedresult_history", args=[promoted.pk]))
    assert history.status_code == 200


def test_a_promoted_result_must_be_a_searchable_page(admin_client, loaded):
    response = admin_client.post(
        reverse("admin:search_promotedresult_add"),
        {"language": "sv", "query": "remiss", "url": "/fi/kumppanit/", "order": 0},
    )
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors


def test_query_report_counts_searches_and_stores_nothing_about_the_visitor(client, loaded):
    visitor = {"REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": "Tunnistettava/1.0"}
    client.cookies["tracking"] = "abc123"
    for _ in range(2):  # the second is served from the page cache: counted all the same
        response = client.get(SEARCH_PATHS["fi"], {"q": "  Kuntoutus "}, **visitor)
        assert RESULT_COUNT_HEADER not in response
    client.get(SEARCH_PATHS["fi"], {"q": "kuntoutus", "page": "2"}, **visitor)
    client.get(SEARCH_PATHS["sv"], {"q": "xyzzyqwerty"}, **visitor)
    client.get(SEARCH_PATHS["en"], {"q": "040 1234567"}, **visitor)
    client.get(SEARCH_PATHS["en"], {"q": "someone@example.fi"}, **visitor)
    assert not QueryCount.objects.exists()  # counted in memory: a search writes nothing
    assert report.write_pending() == 3
    week = report.week_of(timezone.localdate())
    assert {field.name for field in QueryCount._meta.get_fields()} == {
        "id",
        "language",
        "week",
        "query",
        "count",
        "zero_results",
    }
    # A word no page uses, a telephone number and an e-mail address: counted, not kept.
    rows = QueryCount.objects.order_by("language").values_list(
        "language", "week", "query", "count", "zero_results"
    )
    assert list(rows) == [
        ("en", week, "", 2, True),
        ("fi", week, "kuntoutus", 2, False),
        ("sv", week, "", 1, True),
    ]


def test_search_counts_are_written_after_the_interval_and_kept_when_the_database_refuses(
    client, loaded, settings, monkeypatch
):
    settings.SEARCH_QUERY_WRITE_SECONDS = 0  # every response ends an interval

    class RefusingConnection:
        def cursor(self):
            raise OperationalError("the database is away")

    monkeypatch.setattr(report, "connection", RefusingConnection())
    response = client.get(SEARCH_PATHS["fi"], {"q": "kuntoutus"})
    assert response.status_code == 200
    assert response.context["total"] > 0
    assert not QueryCount.objects.exists()
    monkeypatch.undo()
    client.get(SEARCH_PATHS["fi"], {"q": "kuntoutus"})  # from the page cache; then written
    assert dict(QueryCount.objects.values_list("query", "count")) == {"kuntoutus": 2}


def test_search_answers_and_counts_while_redis_is_down(client, loaded):
    """The page cache and the editors' synonyms and promoted results, kept per content
    version, read the cache: with Redis away the search still answers, and is counted."""
    PromotedResult.objects.create(
        language="fi", query="kuntoutus", url="/fi/kumppanit/aiheet/kuntoutukseen-ohjaaminen/"
    )
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=down):
        for _ in range(2):
            response = client.get(SEARCH_PATHS["fi"], {"q": "kuntoutus"})
            assert response.status_code == 200
            assert response.context["promoted"][0].url.endswith("/kuntoutukseen-ohjaaminen/")
            assert response.context["total"] > 1
    report.write_pending()
    assert dict(QueryCount.objects.values_list("query", "count")) == {"kuntoutus": 2}


def test_a_worker_that_stops_writes_its_search_counts(loaded, transactional_db):
    with gunicorn(DJANGO_SEARCH_QUERY_WRITE_SECONDS="3600") as base:
        for _ in range(2):
            assert fetch(base + "/sv/sok/?q=rehabilitering")[0] == 200
        assert not QueryCount.objects.exists()
    assert dict(QueryCount.objects.values_list("query", "count")) == {"rehabilitering": 2}


def test_old_query_counts_are_deleted_by_the_command(db, settings):
    settings.SEARCH_QUERY_RETENTION_DAYS = 30
    today = timezone.localdate()
    QueryCount.objects.create(language="fi", week=report.week_of(today), query="uusi", count=3)
    old = report.week_of(today - datetime.timedelta(days=45))
    QueryCount.objects.create(language="fi", week=old, query="vanha", count=5)
    call_command("delete_old_search_queries", stdout=io.StringIO())
    assert list(QueryCount.objects.values_list("query", flat=True)) == ["uusi"]


def test_editors_see_the_query_report(client, editor):
    client.get(SEARCH_PATHS["sv"], {"q": "rehabilitering"})
    editor_client = client_of(editor)
    page = editor_client.get(reverse("admin:search_querycount_changelist"))
    assert page.status_code == 200
    assert "rehabilitering" in page.content.decode()
    add = editor_client.get(reverse("admin:search_querycount_add"))
    assert add.status_code == 403
