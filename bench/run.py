"""Measure the portal under load: `make bench`.

Starts gunicorn with production settings on PostgreSQL and Redis (127.0.0.1), warms up, and
drives it with wrk for a fixed time at a few concurrencies: (a) a static file as large as the
home page served by whitenoise through the same gunicorn, (b) the pages, uncached and cached,
(c) the pages uncached in a second database holding 100 × the content (bench/content.py), and
(d) a publish storm: load on six cached pages at concurrency 64, a content change, and the
latency, renders and errors of the next 10 seconds (BENCH_PHASES may select some of these). A
page's ratio is to the static file measured just before and just after it. Prints the tables
and writes the same as JSON to RESULTS (var/bench/, ignored by git, or the folder
BENCH_RESULTS_DIR names): results are not committed. bench/README.md explains the figures.
"""

import gzip
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kela_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,16,64").split(",")]
PORT = int(os.environ.get("BENCH_PORT", "8765"))
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "var" / "bench")
PAGES = {
    "home": "/fi/",
    "organisation": "/fi/organisaatio/",
    "unit": "/fi/organisaatio/viestintayksikko/",
    "statistics": "/fi/tilastot/",
    "partners": "/fi/kumppanit/",
    "search": "/fi/haku/?q=kuntoutukseen",
}
SEARCH_DOCUMENTS = 5000
# Words of the padding documents of the page bench: none is a word of its search query.
PADDING_WORDS = ["etuuksista", "palveluista", "hakemuksista"]
# The database of 100 × the content, beside the first one.
SCALED_DATABASE_URL = f"{DATABASE_URL}_x100"
# The phases of a run (bench/README.md), all unless BENCH_PHASES names some: comparing two
# versions of one part is quicker, and can alternate more often, with only its phases.
PHASES = ("uncached", "cached", "soak", "storm", "100x")
SELECTED = os.environ.get("BENCH_PHASES", ",".join(PHASES)).split(",")
if not set(SELECTED) <= set(PHASES):
    sys.exit(f"BENCH_PHASES: unknown {sorted(set(SELECTED) - set(PHASES))}; choose from {PHASES}")
STORM_CONCURRENCY = 64
STORM_SECONDS = 10
ENV = {
    **os.environ,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_REQUEST_LOG_LEVEL": "WARNING",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    # As many workers as in production (kela_portal/gunicorn.conf.py), unless BENCH_WORKERS says.
    **({"GUNICORN_WORKERS": os.environ["BENCH_WORKERS"]} if "BENCH_WORKERS" in os.environ else {}),
}
PY = sys.executable


def manage(*args, env=ENV):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(database_url=DATABASE_URL):
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**ENV, "DATABASE_URL": database_url}
    # Static files first: migrating indexes the pages for search, which renders them.
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_content", "-v", "0", env=env)
    return env


def prepare_scaled():
    """The second database, filled once with 100 × the content."""
    env = prepare(SCALED_DATABASE_URL)
    import psycopg

    with psycopg.connect(SCALED_DATABASE_URL) as conn:
        filled = conn.execute("SELECT 1 FROM organisation_unit WHERE key = 'test-unit-1'")
        if filled.fetchone() is None:
            subprocess.run([PY, "bench/content.py", "100"], cwd=ROOT, env=env, check=True)
    return env


def fill_search_index(database_url, documents=SEARCH_DOCUMENTS, words=PADDING_WORDS):
    """Pad the search index with synthetic Finnish documents up to `documents`, vectors made
    as search/index.py makes them; each document's title and body draw on `words`."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        count = conn.execute("SELECT count(*) FROM search_searchdocument").fetchone()[0]
        missing = documents - count
        if missing > 0:
            conn.execute(
                """
                INSERT INTO search_searchdocument
                    (content_type_id, object_id, language, kind, title, body, url, is_fallback,
                     vector)
                SELECT (SELECT id FROM django_content_type WHERE model = 'unit'), 1000000 + n,
                       'fi', 'testi', title, body, '/fi/', false,
                       setweight(to_tsvector('finnish', title), 'A')
                       || setweight(to_tsvector('finnish', body), 'B')
                FROM (SELECT n, 'Testiasiakirja ' || n || ' ' || w[1 + n %% cardinality(w)]
                             AS title,
                             'Asiakirja ' || n || ' kertoo asioista '
                             || w[1 + (n / 40) %% cardinality(w)] || ', '
                             || w[1 + (n / 1600) %% cardinality(w)] || ' ja '
                             || w[1 + (n * 7) %% cardinality(w)]
                             || ' sekä asiakkaan asioinnista.' AS body
                      FROM generate_series(1, %s) AS n, (SELECT %s::text[] AS w) AS words)
                      AS generated
                """,
                [missing, words],
            )
            conn.execute("ANALYZE search_searchdocument")


class Server:
    def __init__(self, cache_seconds, env=ENV):
        # With the page cache on, it logs each render at DEBUG: the storm counts them.
        self.env = {
            **env,
            "DJANGO_PAGE_CACHE_SECONDS": str(cache_seconds),
            "DJANGO_LOG_LEVEL": "DEBUG" if cache_seconds else "INFO",
        }
        self.log = ROOT / "var" / "bench-server.log"

    def __enter__(self):
        self.log.parent.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [PY, "-m", "gunicorn", "-c", "kela_portal/gunicorn.conf.py", "kela_portal.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)

    def worker_statuses(self):
        """/proc/<pid>/status of each worker (the master's children)."""
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                yield text

    def workers(self):
        return sum(1 for _ in self.worker_statuses())

    def worker_rss_kb(self):
        return sum(
            int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1))
            for text in self.worker_statuses()
        )


def wrk_command(path, concurrency, seconds):
    return [
        "wrk",
        "-t",
        str(min(concurrency, 2)),
        "-c",
        str(concurrency),
        "-d",
        f"{seconds}s",
        "--latency",
        "-H",
        "Accept-Encoding: gzip",
        f"http://127.0.0.1:{PORT}{path}",
    ]


def wrk(path, concurrency, seconds=DURATION):
    command = wrk_command(path, concurrency, seconds)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return wrk_figures(path, out)


def wrk_figures(path, out):
    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if match is None:
            sys.stderr.write(f"wrk gave no latency for {path}:\n{out}\n")
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def page_facts(path, env=ENV):
    """SQL queries of one request in a new process (nothing cached), bytes on the wire (gzip)
    and bytes of the page uncompressed."""
    code = (
        "import django, json, sys; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.core.cache import cache\n"
        "cache.clear()\n"
        "with CaptureQueriesContext(connection) as queries:\n"
        "    response = Client().get(sys.argv[1], headers={'Accept-Encoding': 'gzip'})\n"
        "import gzip\n"
        "print(json.dumps({'status': response.status_code, 'queries': len(queries),"
        " 'bytes': len(response.content), 'html_bytes': len(gzip.decompress(response.content))"
        " if response.get('Content-Encoding') == 'gzip' else len(response.content)}))\n"
    )
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "kela_portal.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    out = subprocess.run([PY, "-c", code, path], cwd=ROOT, env=env, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


PUBLISH = (
    "import django, sys; django.setup()\n"
    "from django.db import transaction\n"
    "from organisation.models import Unit\n"
    "unit = Unit.objects.get(key='communications-unit')\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
    "with transaction.atomic():  # as the admin and the publishing workflow save\n"
    "    unit.save()\n"
)


def storm(server, publish=True):
    """Six cached pages under load at STORM_CONCURRENCY in all, a publish (a unit saved) just
    after the load starts, and what the next STORM_SECONDS bring: latency, renders, errors.
    Without publish: the same load alone, to compare with."""
    env = {**server.env, "DJANGO_SETTINGS_MODULE": "kela_portal.settings"}
    if publish:
        publisher = subprocess.Popen(
            [PY, "-c", PUBLISH], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        publisher.stdout.readline()  # Django is set up: only the save is left to do
    shares = [
        STORM_CONCURRENCY // len(PAGES) + (i < STORM_CONCURRENCY % len(PAGES))
        for i in range(len(PAGES))
    ]
    logged = server.log.stat().st_size
    loads = {
        name: subprocess.Popen(
            wrk_command(path, share, STORM_SECONDS), stdout=subprocess.PIPE, text=True
        )
        for (name, path), share in zip(PAGES.items(), shares, strict=True)
    }
    time.sleep(0.2)
    if publish:
        publisher.communicate(b"go\n", timeout=30)
    rows = {name: wrk_figures(PAGES[name], load.communicate()[0]) for name, load in loads.items()}
    renders = {}
    with server.log.open() as log:
        log.seek(logged)
        for line in log:
            if '"page rendered"' in line:
                path = json.loads(line)["path"]
                renders[path] = renders.get(path, 0) + 1
    return {
        "concurrency": STORM_CONCURRENCY,
        "seconds": STORM_SECONDS,
        "workers": server.workers(),
        "pages": [
            {
                "page": name,
                "concurrency": share,
                **rows[name],
                "renders": renders.get(PAGES[name].split("?")[0], 0),
            }
            for (name, _path), share in zip(PAGES.items(), shares, strict=True)
        ],
    }


def measure(mode, targets, server, results, concurrencies, facts):
    """Each page at each concurrency, with the static file (the first target) measured before
    the first page and again after each page: a page's ratio is to the mean of the static
    file's rates just before and just after it. The machine's speed drifts within minutes,
    and a page measured long after the static file would carry that drift in its ratio."""
    (static_name, static_path), *pages = targets.items()
    for path in targets.values():
        wrk(path, 4, seconds=1)  # warm up
    for concurrency in concurrencies:
        static = {"mode": mode, "page": static_name, "concurrency": concurrency}
        static.update(wrk(static_path, concurrency), **facts.get(static_name, {}))
        static["ratio_to_static"] = 1.0
        static["rps_each_time"] = [static["rps"]]
        results["rows"].append(static)
        before = static["rps"]
        for name, path in pages:
            row = {"mode": mode, "page": name, "concurrency": concurrency}
            row.update(wrk(path, concurrency), **facts.get(name, {}))
            after = wrk(static_path, concurrency)["rps"]
            static["rps_each_time"].append(after)
            row["static_rps"] = round((before + after) / 2, 1)
            row["ratio_to_static"] = round(row["rps"] / row["static_rps"], 2)
            results["rows"].append(row)
            before = after


def main():
    prepare()
    fill_search_index(DATABASE_URL)
    results = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "duration_s": DURATION,
        "phases": SELECTED,
        "rows": [],
    }
    with Server(cache_seconds=0) as server:
        home = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/fi/").read()
        results["workers"] = server.workers()
    static_copy = ROOT / "var" / "static" / "bench" / "home-copy.html"
    static_copy.parent.mkdir(parents=True, exist_ok=True)
    static_copy.write_bytes(home)
    # Compressed as collectstatic compresses the real static files: whitenoise sends it gzipped.
    compressed = gzip.compress(home)
    static_copy.with_name(static_copy.name + ".gz").write_bytes(compressed)
    targets = {"static (a)": "/static/bench/home-copy.html", **PAGES}
    facts = {name: page_facts(path) for name, path in PAGES.items()}
    facts["static (a)"] = {"bytes": len(compressed)}
    if "uncached" in SELECTED:
        with Server(cache_seconds=0) as server:
            measure("uncached", targets, server, results, CONCURRENCY, facts)
    if {"cached", "soak", "storm"} & set(SELECTED):
        with Server(cache_seconds=300) as server:
            if "cached" in SELECTED:
                measure("cached", targets, server, results, CONCURRENCY, facts)
            if "soak" in SELECTED:
                before = server.worker_rss_kb()
                soak = wrk(
                    PAGES["home"], 64, seconds=int(os.environ.get("BENCH_SOAK_SECONDS", "60"))
                )
                after = server.worker_rss_kb()
                results["soak"] = {
                    "concurrency": 64,
                    **soak,
                    "rss_before_kb": before,
                    "rss_after_kb": after,
                    "rss_growth_pct": round(100 * (after - before) / before, 1),
                }
            if "storm" in SELECTED:
                results["storm_control"] = storm(server, publish=False)
                results["storm"] = storm(server)
    if "100x" in SELECTED:
        scaled_env = prepare_scaled()
        scaled_facts = {name: page_facts(path, scaled_env) for name, path in PAGES.items()}
        scaled_facts["static (a)"] = facts["static (a)"]
        with Server(cache_seconds=0, env=scaled_env) as server:
            concurrencies = [c for c in CONCURRENCY if c <= 16]
            measure("100x", targets, server, results, concurrencies, scaled_facts)
    report(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out}")


def report(results):
    print(
        f"{'mode':9} {'page':13} {'conc':>4} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'ratio':>6} {'static':>7} {'SQL':>4} {'bytes':>7} {'html':>7} {'errors':>6}"
    )
    for row in results["rows"]:
        print(
            f"{row['mode']:9} {row['page']:13} {row['concurrency']:>4} {row['rps']:>9.0f} "
            f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} {row['ratio_to_static']:>6.2f} "
            f"{row.get('static_rps', row['rps']):>7.0f} {row.get('queries', '-'):>4} "
            f"{row.get('bytes', '-'):>7} {row.get('html_bytes', '-'):>7} {row['errors']:>6}"
        )
    if "soak" in results:
        print("soak:", json.dumps(results["soak"]))
    if "storm" not in results:
        return
    control = results["storm_control"]
    storm = results["storm"]
    print(
        f"publish storm: {storm['concurrency']} connections on six cached pages, "
        f"{storm['workers']} workers; the {storm['seconds']} s after a unit is saved, and the "
        "same load without it (control):"
    )
    print(
        f"{'page':13} {'conc':>4} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'renders':>7} {'errors':>6} {'control p99 ms':>14}"
    )
    for row, alone in zip(storm["pages"], control["pages"], strict=True):
        errors = row["errors"] + (1 if row["socket_errors"] else 0)
        print(
            f"{row['page']:13} {row['concurrency']:>4} {row['rps']:>9.0f} {row['p50_ms']:>8.2f} "
            f"{row['p99_ms']:>8.2f} {row['renders']:>7} {errors:>6} {alone['p99_ms']:>14.2f} "
            f"{row['socket_errors']}"
        )


if __name__ == "__main__":
    main()
