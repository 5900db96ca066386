"""A hundred times the portal's content, for benchmarks and scale tests only.

    python bench/content.py [scale]      # scale 100 (the default): about 100 × today's content

fills the database DATABASE_URL names, which must be a benchmark's or a test's (its name
contains "bench" or starts with "test_"), with synthetic items beside the loaded content, in
Finnish, Swedish and English: at scale 100, 2,000 units in a deeper tree, 1,400 topics, 2,200
organisers, ten years of figures and 50,000 search documents. Every synthetic item is named
as a test item ("Testiyksikkö 17"); the figures of the earlier years repeat the published
year's values, so no figure is invented. Not part of load_content: production never runs it.
"""

import itertools
import os
import sys
from pathlib import Path

TODAY = {"units": 20, "topics": 14, "organisers": 22, "documents": 500}
NAMES = {
    "unit": ("Testiyksikkö", "Testenhet", "Test unit"),
    "topic": ("Testiaihe", "Testämne", "Test topic"),
    "organiser": ("Testijärjestäjä", "Testanordnare", "Test organiser"),
}
SLUGS = {
    "unit": ("testiyksikko", "testenhet", "test-unit"),
    "topic": ("testiaihe", "testamne", "test-topic"),
    "organiser": ("testijarjestaja", "testanordnare", "test-organiser"),
}
SUMMARIES = (
    "Synteettinen testisisältö kuormitustestiä varten.",
    "Syntetiskt testinnehåll för belastningstest.",
    "Synthetic test content for load tests.",
)
LANGUAGES = ("fi", "sv", "en")
BRANCHING = 8  # child units of each unit in the generated levels of the tree
YEARS = 10


def translated(field, values):
    return {
        field: values[0],
        **{f"{field}_{code}": v for code, v in zip(LANGUAGES, values, strict=True)},
    }


def item_fields(kind, number):
    return {
        **translated(
            "title" if kind == "topic" else "name", [f"{n} {number}" for n in NAMES[kind]]
        ),
        **translated("slug", [f"{s}-{number}" for s in SLUGS[kind]]),
    }


def refuse_outside_bench(connection):
    """Stops unless the database is a benchmark's or a test's, by its name: the synthetic
    items must never reach a database with real content."""
    name = connection.settings_dict["NAME"]
    if "bench" not in name and not name.startswith("test_"):
        raise SystemExit(
            f"bench/content.py adds thousands of synthetic items, so it fills only a database "
            f"whose name contains 'bench' or starts with 'test_', and this one is {name!r}. "
            f"In the tests, give DJANGO_TEST_DB_NAME such a name (e.g. test_kela), or leave it "
            f"unset for Django's test_<database name>."
        )


def fill(scale=100, documents=None):
    """Add scale × today's content (in synthetic items) to the database; returns the counts.

    documents: the search documents to reach, when not scale × today's (tests take fewer).
    """
    from django.db import connection, transaction

    from kela_portal.cache import content_changed

    refuse_outside_bench(connection)
    with transaction.atomic():
        counts = {
            "units": fill_units(TODAY["units"] * scale),
            "topics": fill_topics(TODAY["topics"] * scale),
            "organisers": fill_organisers(TODAY["organisers"] * scale),
            "values": fill_years(),
            "documents": fill_search(documents or TODAY["documents"] * scale),
        }
    content_changed()
    return counts


def fill_units(count):
    """Units in levels under today's units, BRANCHING under each, until count are made."""
    from organisation.models import Kind, Unit

    parents = list(Unit.objects.filter(parent__isnull=False).order_by("pk"))
    number = itertools.count(1)
    made = 0
    while made < count:
        level = []
        for parent, _n in itertools.product(parents, range(BRANCHING)):
            if made + len(level) >= count:
                break
            n = next(number)
            level.append(
                Unit(
                    key=f"test-unit-{n}",
                    kind=Kind.OTHER if parent.kind != Kind.REGIONAL else Kind.REGIONAL,
                    parent=parent,
                    order=n,
                    **item_fields("unit", n),
                    **translated("summary", SUMMARIES),
                )
            )
        parents = Unit.objects.bulk_create(level)
        made += len(level)
    return made


def fill_topics(count):
    from partners.models import Topic

    sections = itertools.cycle(Topic.Section.values)
    Topic.objects.bulk_create(
        Topic(
            key=f"test-topic-{n}",
            section=next(sections),
            order=100 + n,
            **item_fields("topic", n),
            **translated("summary", SUMMARIES),
        )
        for n in range(1, count + 1)
    )
    return count


def fill_organisers(count):
    from partners.models import Organiser

    kinds = itertools.cycle(Organiser.Kind.values)
    Organiser.objects.bulk_create(
        Organiser(key=f"test-organiser-{n}", kind=next(kinds), **item_fields("organiser", n))
        for n in range(1, count + 1)
    )
    return count


def fill_years():
    """The published year's values repeated for the YEARS - 1 years before it."""
    from stats.models import StatisticValue

    latest = StatisticValue.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return 0
    values = list(StatisticValue.objects.filter(year=latest))
    copies = [
        StatisticValue(
            key=f"{value.statistic.key}-{year}",
            statistic=value.statistic,
            year=year,
            reference_year=year,
            value=value.value,
        )
        for value in values
        for year in range(latest - YEARS + 1, latest)
    ]
    StatisticValue.objects.bulk_create(copies, ignore_conflicts=True)
    return len(copies)


def fill_search(count):
    """Search documents of every language up to count, the synthetic items' among them."""
    from django.contrib.contenttypes.models import ContentType

    from organisation.models import Unit
    from partners.models import Organiser, Topic
    from search.index import write_vectors
    from search.models import SearchDocument

    documents = []
    for model, title in ((Unit, "name"), (Topic, "title"), (Organiser, "name")):
        content_type = ContentType.objects.get_for_model(model)
        for item in model.objects.filter(key__startswith="test-"):
            for code, summary in zip(LANGUAGES, SUMMARIES, strict=True):
                documents.append(
                    SearchDocument(
                        content_type=content_type,
                        object_id=item.pk,
                        language=code,
                        kind=model._meta.model_name,
                        title=getattr(item, f"{title}_{code}"),
                        body=summary,
                        url=f"/{code}/",
                    )
                )
    padding = max(count - SearchDocument.objects.count() - len(documents), 0)
    content_type = ContentType.objects.get_for_model(Unit)
    for n in range(padding):
        code = LANGUAGES[n % 3]
        documents.append(
            SearchDocument(
                content_type=content_type,
                object_id=10_000_000 + n,
                language=code,
                kind="test",
                title=f"{NAMES['unit'][n % 3]} {n}",
                body=SUMMARIES[n % 3],
                url=f"/{code}/",
            )
        )
    SearchDocument.objects.bulk_create(documents, batch_size=5000)
    write_vectors(SearchDocument.objects.filter(vector__isnull=True))
    return SearchDocument.objects.count()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kela_portal.settings")
    import django

    django.setup()
    print(fill(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
