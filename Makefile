# MésoInfo — `make run` (development server), `make serve` (gunicorn, production settings), `make test`.
# Every target honours PORT (default 8000) and the DJANGO_* variables of .env.example.

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

export PORT

LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := .lighthouse/node_modules/.bin/lighthouse

.PHONY: run serve test lint format messages compilemessages prepare clean lighthouse backup restore audit bench soak wrk bench-search search-quality

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The compiled catalogues are committed; they are rebuilt only when a .po file is newer and msgfmt exists.
locale/%.mo: locale/%.po
	@if command -v msgfmt >/dev/null; then msgfmt --check -o $@ $<; \
	else echo "msgfmt not found (apt-get install gettext): using the committed $@"; touch $@; fi

compilemessages: $(MO_FILES)

# Database, content and the local staff accounts (a superuser, a writer and a medical reviewer, each created once
# with a generated password printed at that moment): shared by run and serve.
prepare: $(VENV)/.installed compilemessages
	$(MANAGE) migrate --no-input
	$(MANAGE) load_content
	$(MANAGE) create_local_admin

run: export DJANGO_DEBUG ?= 1
run: prepare
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Production settings on plain local HTTP: a generated secret key kept in .local-secret-key, no HTTPS redirect.
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_SECURE_SSL_REDIRECT ?= 0
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export DJANGO_SECRET_KEY ?= $(shell test -s .local-secret-key || $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .local-secret-key; cat .local-secret-key)
serve: prepare
	$(MANAGE) collectstatic --no-input -v 0
	$(VENV)/bin/gunicorn -c gunicorn.conf.py mesoinfo.wsgi

# Tests run with production settings (DEBUG off, hashed static files), except the HTTPS redirect.
test: export DJANGO_DEBUG = 0
test: export DJANGO_SECRET_KEY ?= test-secret-key-not-for-production-0123456789-abcdefghijklmnop
test: export DJANGO_SECURE_SSL_REDIRECT = 0
test: export DJANGO_ALLOWED_HOSTS = testserver,localhost,127.0.0.1
test: export DJANGO_DEV_TOOLS = 1
test: $(VENV)/.installed-dev compilemessages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) collectstatic --no-input -v 0
	$(VENV)/bin/pytest

$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix .lighthouse lighthouse@$(LIGHTHOUSE_VERSION)

# Lighthouse (mobile profile, Debian's Chromium) on home, an article, the FAQ and search, against gunicorn
# started with `make serve`'s settings on PORT; prints the four scores per page.
lighthouse: export DJANGO_DEBUG = 0
lighthouse: export DJANGO_DEV_TOOLS = 1
lighthouse: export DJANGO_SECURE_SSL_REDIRECT ?= 0
lighthouse: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
lighthouse: export DJANGO_SECRET_KEY ?= $(shell test -s .local-secret-key || $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .local-secret-key; cat .local-secret-key)
lighthouse: prepare $(LIGHTHOUSE)
	$(MANAGE) collectstatic --no-input -v 0
	@$(VENV)/bin/gunicorn -c gunicorn.conf.py mesoinfo.wsgi & pid=$$!; sleep 3; \
	$(MANAGE) lighthouse_report; status=$$?; kill $$pid; exit $$status

# Backups (mesoinfo/ops/backup.py): a dated archive of the database content and the media in backups/, and its
# restoration (FILE=backups/….tar.gz; REPLACE=1 to replace existing data, which is saved first). They use
# the environment's DATABASE_URL and DJANGO_MEDIA_ROOT; the secret key is not used, so a local one will do.
backup restore: export DJANGO_SECRET_KEY ?= $(shell test -s .local-secret-key || $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .local-secret-key; cat .local-secret-key)
backup: $(VENV)/.installed
	$(MANAGE) backup

restore: $(VENV)/.installed compilemessages
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/mesoinfo-….tar.gz [REPLACE=1]"; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(filter 1 yes true,$(REPLACE)),--replace)

# Known vulnerabilities in the pinned dependencies (runtime and development): pip-audit with PyPI's advisory
# data (tools/audit.py says what it does where PyPI serves only part of it). AUDIT_STRICT=1: all must be checked.
audit: $(VENV)/.installed-dev
	$(PY) tools/audit.py

# Load tests with Debian's wrk against gunicorn started with `make serve`'s settings on PORT (README, "Speed
# and scale"). Their database: DATABASE_URL when set (generated content removed afterwards), else a
# throwaway SQLite file; db.sqlite3 is never touched.
wrk:
	@command -v wrk >/dev/null || { echo "wrk (the load generator) is missing: installing Debian's package"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }; \
	  else echo "run: sudo apt-get install wrk"; exit 1; fi; }

bench soak: export DJANGO_DEBUG = 0
bench soak: export DJANGO_DEV_TOOLS = 1
bench soak: export DJANGO_SECURE_SSL_REDIRECT ?= 0
bench soak: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
bench soak: export DJANGO_SECRET_KEY ?= $(shell test -s .local-secret-key || $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .local-secret-key; cat .local-secret-key)
bench soak: export GUNICORN_ACCESSLOG ?=
bench soak: $(VENV)/.installed compilemessages wrk

# 1,000 generated articles and 300 questions; home, an article, the FAQ, search and an uncached article at
# 16 connections, next to a trivial WSGI app under the same gunicorn.
bench:
	$(MANAGE) bench

# 60 s at 32 connections on a mix of cached and rendered pages: errors and each worker's memory growth.
soak:
	$(MANAGE) soak

# Search latency: fills BENCH_DATABASE_URL (PostgreSQL, a database of its own, created when missing) with
# 10,000 generated articles and 1,000 questions, then prints p50 and p95 of the patient queries of
# tools/search_queries.py through the view, each rendered (no limit per client, no cache of results).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mesoinfo_bench
bench-search: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench-search: export DJANGO_DEBUG = 0
bench-search: export DJANGO_DEV_TOOLS = 1
bench-search: export DJANGO_SECRET_KEY ?= bench-secret-key-not-for-production-0123456789-abcdefghijklmnop
bench-search: export DJANGO_SECURE_SSL_REDIRECT = 0
bench-search: export DJANGO_ALLOWED_HOSTS = testserver
bench-search: $(VENV)/.installed compilemessages
	$(MANAGE) bench_search

# Search relevance: the table of patient queries (tests/search/relevance.py) on the real content, each with the
# rank of the page it must find, and the score. Uses DATABASE_URL when set (a test database), else SQLite.
search-quality: export DJANGO_DEBUG = 0
search-quality: export DJANGO_SECRET_KEY ?= test-secret-key-not-for-production-0123456789-abcdefghijklmnop
search-quality: export DJANGO_SECURE_SSL_REDIRECT = 0
search-quality: export DJANGO_ALLOWED_HOSTS = testserver,localhost,127.0.0.1
search-quality: export DJANGO_DEV_TOOLS = 1
search-quality: export SEARCH_QUALITY_REPORT = 1
search-quality: $(VENV)/.installed-dev compilemessages
	$(MANAGE) collectstatic --no-input -v 0
	$(VENV)/bin/pytest -q -p no:cacheprovider --no-header tests/search/test_relevance.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract the UI strings after changing templates or code, then translate locale/*/LC_MESSAGES/django.po.
messages: export DJANGO_DEBUG = 1
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale fr --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --ignore '.lighthouse/*' --ignore 'test-artifacts/*' --no-obsolete --add-location file
	$(MANAGE) makemessages -d djangojs --locale fr --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'static/vendor/*' --ignore '.lighthouse/*' --ignore 'test-artifacts/*' --ignore 'node_modules/*' --no-obsolete --add-location file
	$(MAKE) compilemessages

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
