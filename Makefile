# The two commands: `make run` serves the portal, `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
LOCALE_DIRS := locale $(wildcard */locale)

# One pytest worker per core (pytest-xdist); PYTEST_ARGS= runs the suite in one process.
PYTEST_ARGS ?= -n auto
# What a newcomer's `make run` uses is SQLite: the editing flows run on it as well.
SQLITE_TESTS := tests/test_editors_never_lose_work.py tests/test_stats_year.py \
	tests/test_scheduled_publishing.py tests/test_publishing_workflow.py

.PHONY: run test serve bench lighthouse messages makemessages lint check-migrations system-deps clean \
	lock audit

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

# The dependencies as pinned, with their hashes, in requirements/ (`make lock` writes them from
# pyproject.toml). The project runs from the checkout: it has no package of its own to install.
$(VENV)/.run-deps: requirements/run.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/run.txt
	touch $@

$(VENV)/.test-deps: requirements/test.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/test.txt
	touch $@ $(VENV)/.run-deps

## Pin pyproject.toml's dependencies anew (uv, into the venv for this) after changing them: the
## runtime ones, and those with the test extra, at the same versions, for Python 3.11–3.13.
LOCK := $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes
lock: | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet "uv>=0.5,<1"
	$(LOCK) --extra test pyproject.toml -o requirements/test.txt
	$(LOCK) -c requirements/test.txt pyproject.toml -o requirements/run.txt

## Known vulnerabilities of the pinned packages (pip-audit, into the venv for this); its service
## is out of reach on a machine without the network, and then this says so in one line.
audit: $(VENV)/.test-deps
	@mkdir -p var
	@if ! $(VENV)/bin/pip install --quiet "pip-audit>=2.7,<3" >var/audit.log 2>&1; then \
		echo "make audit: pip-audit cannot be installed here (offline?): nothing audited"; \
	elif $(VENV)/bin/pip-audit --strict --progress-spinner off --disable-pip --require-hashes \
		-r requirements/test.txt >var/audit.log 2>&1; then cat var/audit.log; \
	elif grep -q "could not be audited\|ConnectionError" var/audit.log; then \
		echo "make audit: the vulnerability service cannot be reached (offline): nothing audited"; \
	else cat var/audit.log; exit 1; fi

## Compile the gettext catalogues (pure Python, no system gettext needed): each one whose
## .po changed, so that a running server never reads a catalogue being rewritten.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard $(addsuffix /*/LC_MESSAGES/*.po,$(LOCALE_DIRS))))
messages: $(CATALOGUES)
%.mo: %.po | $(VENV)/.run-deps
	@$(VENV)/bin/pybabel -q compile -i $< -o $@

## The portal's address is 127.0.0.1:PORT (`make run PORT=8001`), for run and serve alike.
PORT ?= 8000

## Development server with debug on and SQLite under var/ unless DATABASE_URL is set; the
## scheduler (publish_scheduled --every 60) runs beside it and stops with it (so does serve's).
run: export DJANGO_DEBUG ?= 1
run: $(VENV)/.run-deps messages
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) publish_scheduled --every 60 & scheduler=$$!; \
	trap 'kill $$scheduler' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

## Production-like on 127.0.0.1:PORT over plain HTTP: collectstatic, compiled catalogues,
## migrate, then nginx (nginx/, as in production) in front of gunicorn on PORT + 1, when nginx
## is installed; NGINX=0 (or no nginx): gunicorn alone, with threads, so that the idle
## connections browsers keep open wait in its poller instead of holding its workers.
NGINX ?= $(if $(shell PATH="$$PATH:/usr/sbin" command -v nginx),1,0)
NGINX_PREFIX ?= var/nginx
serve: export DJANGO_SECURE_SSL_REDIRECT ?= 0
serve: $(VENV)/.run-deps messages
	mkdir -p var
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) migrate --noinput
ifeq ($(NGINX),1)
	@PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq nginx >/dev/null)
	$(MANAGE) publish_scheduled --every 60 & scheduler=$$!; \
	GUNICORN_BIND=$${GUNICORN_BIND:-127.0.0.1:$$(($(PORT) + 1))}; \
	DJANGO_TRUSTED_PROXIES=$${DJANGO_TRUSTED_PROXIES:-127.0.0.1} GUNICORN_BIND=$$GUNICORN_BIND \
		$(VENV)/bin/gunicorn -c kela_portal/gunicorn.conf.py kela_portal.wsgi & gunicorn=$$!; \
	trap 'kill $$gunicorn $$scheduler' EXIT INT TERM; \
	PATH="$$PATH:/usr/sbin" nginx/run $(NGINX_PREFIX) 127.0.0.1:$(PORT) $$GUNICORN_BIND
else
	$(MANAGE) publish_scheduled --every 60 & scheduler=$$!; \
	trap 'kill $$scheduler' EXIT INT TERM; \
	GUNICORN_BIND=$${GUNICORN_BIND:-127.0.0.1:$(PORT)} GUNICORN_THREADS=$${GUNICORN_THREADS:-4} \
		$(VENV)/bin/gunicorn -c kela_portal/gunicorn.conf.py kela_portal.wsgi
endif

## axe-core for the accessibility tests (npm, pinned by the lock file).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Load test with wrk against gunicorn on PostgreSQL and Redis; see bench/run.py.
bench: $(VENV)/.run-deps messages
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py
	$(PY) bench/search.py

## Lighthouse (npm, pinned by the lock file) in Debian's Chromium: scores of the main pages
## served by `make serve`, mobile defaults; see bench/lighthouse.py. Not part of `make test`.
LIGHTHOUSE := bench/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(VENV)/.run-deps messages $(LIGHTHOUSE)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) bench/lighthouse.py

## System packages the suite needs (gettext for makemessages, Chromium for browser tests,
## nginx for the slow-client test).
system-deps:
	@sh .ci/system-deps

## Lint, migrations and catalogue checks, then the whole pytest suite on PostgreSQL.
test: export DJANGO_SECRET_KEY ?= insecure-key-for-the-test-suite-only
test: export DJANGO_SECURE_SSL_REDIRECT ?= 0
test: export DJANGO_ALLOWED_HOSTS ?= testserver,localhost,127.0.0.1
test: system-deps $(VENV)/.test-deps messages $(AXE)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) collectstatic --noinput -v 0
	.ci/with-postgres sh -c '$(MANAGE) makemigrations --check --dry-run && $(VENV)/bin/pytest $(PYTEST_ARGS)'
	DATABASE_URL= $(VENV)/bin/pytest $(PYTEST_ARGS) $(SQLITE_TESTS)

## Refresh the catalogues after changing interface strings.
makemessages: $(VENV)/.run-deps
	DJANGO_DEBUG=1 $(MANAGE) makemessages -l fi -l sv --no-obsolete --ignore=var --ignore=node_modules --ignore=bench
	DJANGO_DEBUG=1 $(MANAGE) makemessages -d djangojs -l fi -l sv --no-obsolete --ignore=var --ignore=node_modules --ignore=bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
