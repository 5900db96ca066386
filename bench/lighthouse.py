"""Lighthouse scores of the portal's pages: `make lighthouse`.

Serves the portal with `make serve` (collectstatic, compiled catalogues, gunicorn with
production settings) on a database of its own with the content loaded, and runs npm's
`lighthouse` with its mobile defaults in Debian's Chromium (CHROME_PATH) on each page. Prints
the four category scores per page, and each audit that kept a category below 100, and writes
the scores as JSON to var/bench/ (ignored by git) or the folder BENCH_RESULTS_DIR names. Exits
non-zero when any score is below 100.

Scores vary from run to run on a shared machine (a busy core shows as blocking time), so each
page is measured LIGHTHOUSE_RUNS times (default 3) and the median run, by performance, counts,
as Lighthouse's own documentation advises.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
DATABASE_URL = os.environ.get(
    "LIGHTHOUSE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kela_lighthouse"
)
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8766"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "var" / "bench")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/fi/",
    "organisation": "/fi/organisaatio/",
    "unit": "/fi/organisaatio/elakkeiden-ja-kansainvalisten-asioiden-palvelukeskus/",
    "statistics": "/fi/tilastot/",
    "partners": "/fi/kumppanit/",
    "topic": "/fi/kumppanit/aiheet/kuntoutukseen-ohjaaminen/",
    "guide": "/fi/kumppanit/ohjaa-asiakas/?work-ability=no&online=no&complex=no",
    "search": "/fi/haku/?q=kuntoutus",
}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-dev-shm-usage"
)
ENV = {
    **os.environ,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "lighthouse-only-secret"),
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_REQUEST_LOG_LEVEL": "WARNING",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_WORKERS": os.environ.get("LIGHTHOUSE_WORKERS", "2"),
    "CHROME_PATH": CHROME,
}


def prepare():
    """The database of the run, created when missing, migrated and with the content loaded."""
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "--noinput", "-v", "0"], ["load_content"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=ENV, check=True)


class Served:
    """`make serve` in a process group of its own, stopped by that group's id."""

    def __enter__(self):
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("make serve did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(20)


def lighthouse(url, attempts=2):
    """The Lighthouse report (JSON) of one page, mobile defaults; a crashed run is repeated."""
    out = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=ENV,
        capture_output=True,
        text=True,
    )
    if out.returncode and attempts > 1:
        return lighthouse(url, attempts - 1)
    if out.returncode:
        raise RuntimeError(f"lighthouse failed on {url}:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def shortfalls(report, category):
    """The audits that kept a category below 100: (id, score, title)."""
    refs = report["categories"][category]["auditRefs"]
    audits = report["audits"]
    return [
        (ref["id"], audits[ref["id"]]["score"], audits[ref["id"]]["title"])
        for ref in refs
        if ref["weight"]
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
    ]


def main():
    prepare()
    results, below = {}, []
    with Served():
        for name, path in PAGES.items():
            url = f"http://127.0.0.1:{PORT}{path}"
            urllib.request.urlopen(url, timeout=10)  # warm: the page cache, the workers
            reports = sorted(
                (lighthouse(url) for _ in range(RUNS)),
                key=lambda r: r["categories"]["performance"]["score"],
            )
            report = reports[len(reports) // 2]
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            results[name] = {"path": path, **scores}
            print(f"{name:13} " + "  ".join(f"{c} {s:3}" for c, s in scores.items()), flush=True)
            for category in CATEGORIES:
                if scores[category] < 100:
                    below += [
                        f"  {name} {category}: {a} ({s}) {t}"
                        for a, s, t in shortfalls(report, category)
                    ]
    print("\n".join(below))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"lighthouse-{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "runs_per_page": RUNS,
                "lighthouse": report["lighthouseVersion"],
                "form_factor": report["configSettings"]["formFactor"],
                "pages": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written to {out}")
    return 1 if any(s < 100 for r in results.values() for c, s in r.items() if c != "path") else 0


if __name__ == "__main__":
    sys.exit(main())
