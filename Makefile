# The two commands: `make run` serves the site with demo data on SQLite,
# `make test` runs lint and the whole test suite (PostgreSQL when DATABASE_URL is set).
# `make help` lists every target: the text after `##` on a target's line.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help setup run test lint format bench clean

help: ## list these targets
	@echo "make <target>, where <target> is one of:"
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-z]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: PORT=8001 (make run), DATABASE_URL=postgres://... and PYTEST_ARGS='tests/forum -x' (make test)."

setup: $(VENV)/.installed node_modules/.installed ## create .venv and node_modules (run and test do it for you)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Links in emails and calendars point at the port served, unless SITE_URL is set.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup ## migrate, load demo data, print the demo accounts, serve on http://127.0.0.1:8000 (or PORT=8001)
	$(PY) manage.py ensure_database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup ## fix what ruff can fix and reformat the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint ## lint, makemigrations --check and every test (PostgreSQL when DATABASE_URL is set)
	$(PY) manage.py ensure_database
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Seeds (or reuses) PostgreSQL database ccio_bench, serves it with gunicorn and loads
# each page with wrk; writes bench/results/latest.{md,json}. Needs Debian's wrk.
bench: setup ## benchmark the main pages on PostgreSQL ccio_bench (see README)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m bench.run

clean: ## remove .venv, node_modules, staticfiles and db.sqlite3
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
