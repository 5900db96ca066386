"""Search at scale: `make bench` runs it after bench/run.py.

PostgreSQL: a database of its own, content loaded, its search index padded with synthetic
Finnish documents to 50,000; SQLite: a file under var/, padded to 5,000 (indexed with the
portal's own code, stems into FTS5). Each query is driven with wrk at concurrency 1 against
gunicorn (production settings, page cache off, so every request searches). Prints the table
and writes it as JSON beside bench/run.py's results (run.RESULTS: var/bench/ unless
BENCH_RESULTS_DIR names another folder).
"""

import json
import os
import subprocess
import sys
import time
import urllib.parse

import run  # bench/run.py: the server, wrk and manage helpers
from run import PY, RESULTS, ROOT, Server, manage, wrk

DATABASE_URL = os.environ.get(
    "BENCH_SEARCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kela_bench_search"
)
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench-search.sqlite3'}"
POSTGRESQL_DOCUMENTS = 50_000
SQLITE_DOCUMENTS = 5_000
QUERIES = ["kuntoutukseen", "hyvinvointialue", "asiakaspalvelu ohjaus", "kuntotus"]
# Words of the synthetic documents: each appears in about one document in thirteen.
WORDS = [
    "kuntoutus", "eläke", "asumistuki", "työttömyysturva", "opintotuki", "sairauspäiväraha",
    "lapsilisä", "hyvinvointialue", "palvelukanava", "asiakaspalvelu", "ohjaus", "etuus",
    "hakemus", "päätös", "liite", "lääkärinlausunto", "työkyky", "vanhempainpäiväraha",
    "toimeentulotuki", "vammaistuki", "kela", "yhteistyö", "palvelupiste", "verkkoasiointi",
    "puhelinpalvelu", "ajanvaraus", "tietoturva", "tilasto", "uudistus", "järjestäjä",
    "terveydenhuolto", "sosiaalihuolto", "kumppani", "viestintä", "uutiskirje", "julkaisu",
    "tutkimus", "rahoitus", "korvaus", "matka",
]  # fmt: skip


def environment(database_url):
    return {**run.ENV, "DATABASE_URL": database_url}


def create_postgresql_database():
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


FILL_SQLITE = """
import django, sys
django.setup()
from django.contrib.contenttypes.models import ContentType
from organisation.models import Unit
from search import index
from search.models import SearchDocument
words, wanted = sys.argv[1].split(","), int(sys.argv[2])
missing = wanted - SearchDocument.objects.count()
unit = ContentType.objects.get_for_model(Unit)
documents = [
    SearchDocument(
        content_type=unit, object_id=1000000 + n, language="fi", kind="testi", url="/fi/",
        title=f"Testiasiakirja {n} {words[n % 40]}",
        body=f"Asiakirja {n} kertoo asioista {words[(n // 40) % 40]}, "
        f"{words[(n // 1600) % 40]} ja {words[(n * 7) % 40]} sekä asiakkaan asioinnista.",
    )
    for n in range(1, missing + 1)
]
index._store(documents)
"""


def prepare():
    os.makedirs(ROOT / "var", exist_ok=True)
    create_postgresql_database()
    manage("collectstatic", "--noinput", "-v", "0")  # migrating renders pages for the index
    for url in (DATABASE_URL, SQLITE_URL):
        env = environment(url)
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("load_content", env=env)
    run.fill_search_index(DATABASE_URL, POSTGRESQL_DOCUMENTS, WORDS)
    subprocess.run(
        [PY, "-c", FILL_SQLITE, ",".join(WORDS), str(SQLITE_DOCUMENTS)],
        cwd=ROOT,
        env={**environment(SQLITE_URL), "DJANGO_SETTINGS_MODULE": "kela_portal.settings"},
        check=True,
    )


def main():
    prepare()
    rows = []
    for database, url, documents in (
        ("PostgreSQL", DATABASE_URL, POSTGRESQL_DOCUMENTS),
        ("SQLite", SQLITE_URL, SQLITE_DOCUMENTS),
    ):
        with Server(cache_seconds=0, env=environment(url)):
            for text in QUERIES:
                path = "/fi/haku/?" + urllib.parse.urlencode({"q": text})
                wrk(path, 1, seconds=1)  # warm up
                rows.append(
                    {
                        "database": database,
                        "documents": documents,
                        "query": text,
                        **wrk(path, 1),
                    }  # fmt: skip
                )
    print(f"{'database':10} {'documents':>9} {'query':24} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for row in rows:
        print(
            f"{row['database']:10} {row['documents']:>9,} {row['query']:24} {row['rps']:>7.0f} "
            f"{row['p50_ms']:>7.2f} {row['p99_ms']:>7.2f}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"search-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"concurrency": 1, "rows": rows}, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    sys.exit(main())
