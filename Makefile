# MésoInfo — `make run` (development server), `make serve` (gunicorn, production settings), `make test`.
# Every target honours PORT (default 8000) and the DJANGO_* variables of .env.example.

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

export PORT

LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := .lighthouse/node_modules/.bin/lighthouse

.PHONY: run serve test lint format messages compilemessages prepare clean lighthouse bench-search

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
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@if command -v msgfmt >/dev/null; then msgfmt --check -o $@ $<; \
	else echo "msgfmt not found (apt-get install gettext): using the committed $@"; touch $@; fi

compilemessages: $(MO_FILES)

# Database, content and first staff account: shared by run and serve.
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
test: $(VENV)/.installed-dev compilemessages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) collectstatic --no-input -v 0
	$(VENV)/bin/pytest

$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix .lighthouse lighthouse@$(LIGHTHOUSE_VERSION)

# Lighthouse (mobile profile, Debian's Chromium) on home, an article, the FAQ and search, against gunicorn
# started with `make serve`'s settings on PORT; prints the four scores per page.
lighthouse: export DJANGO_DEBUG = 0
lighthouse: export DJANGO_SECURE_SSL_REDIRECT ?= 0
lighthouse: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
lighthouse: export DJANGO_SECRET_KEY ?= $(shell test -s .local-secret-key || $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > .local-secret-key; cat .local-secret-key)
lighthouse: prepare $(LIGHTHOUSE)
	$(MANAGE) collectstatic --no-input -v 0
	@$(VENV)/bin/gunicorn -c gunicorn.conf.py mesoinfo.wsgi & pid=$$!; sleep 3; \
	$(MANAGE) lighthouse_report; status=$$?; kill $$pid; exit $$status

# Search latency: fills BENCH_DATABASE_URL (PostgreSQL, a database of its own, created when missing) with
# 10,000 generated articles and 1,000 questions, then prints p50 and p95 of 200 queries through the view.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mesoinfo_bench
bench-search: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench-search: export DJANGO_DEBUG = 0
bench-search: export DJANGO_SECRET_KEY ?= bench-secret-key-not-for-production-0123456789-abcdefghijklmnop
bench-search: export DJANGO_SECURE_SSL_REDIRECT = 0
bench-search: export DJANGO_ALLOWED_HOSTS = testserver
bench-search: $(VENV)/.installed compilemessages
	$(MANAGE) bench_search

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract the UI strings after changing templates or code, then translate locale/*/LC_MESSAGES/django.po.
messages: export DJANGO_DEBUG = 1
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale fr --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --ignore '.lighthouse/*' --ignore 'test-artifacts/*' --no-obsolete --add-location file
	$(MAKE) compilemessages

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
