# Heard: `make run` to try it, `make test` to test it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HEARD := $(VENV)/bin/heard
PYTHON ?= python3
PORT ?= 8000
# Only this computer can reach `make run`; `HOST=0.0.0.0 make run` opens it to the network.
HOST ?= 127.0.0.1
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed
ASSETS := heard/static/dist/heard.css

.PHONY: help run test test-sqlite test-postgres lint fmt install assets migrate seed worker bench bench-people clean browser pdf messages

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP_PY): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(STAMP_NPM): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS): $(STAMP_NPM) $(wildcard frontend/*)
	npm run --silent build

install: $(STAMP_PY) $(STAMP_NPM) ## Create .venv and install Python and npm dependencies

assets: $(ASSETS) ## Build the CSS and JavaScript

migrate: install ## Migrate the embedded SQLite database (var/heard.sqlite3)
	$(HEARD) migrate --no-input
	$(HEARD) createcachetable

seed: migrate ## Load demo data (idempotent)
	$(HEARD) seed

run: install assets migrate ## Set everything up and serve http://localhost:8000 with a task worker
	@$(HEARD) seed
	@echo ""
	@echo "Heard is at http://localhost:$(PORT)/ (Ctrl+C stops the server and the worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(HEARD) db_worker --queue-name '*' >var/worker.log 2>&1 & \
	  $(HEARD) scheduler >var/scheduler.log 2>&1 & \
	  $(HEARD) runserver --noreload $(HOST):$(PORT)

worker: install ## Run the background task worker on its own
	$(HEARD) db_worker --queue-name '*'

browser: ## Make sure Debian's Chromium is installed for the browser tests
	@scripts/ensure-chromium

pdf: ## Make sure the Pango library WeasyPrint draws PDF reports with is installed
	@scripts/ensure-pdf

test: install assets browser pdf ## Run every test: SQLite, then PostgreSQL when one is available
	@scripts/run-tests

lint: install ## ruff, djlint and the tenancy lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint heard --lint
	$(PY) scripts/lint_tenancy.py

fmt: install ## Format the Python code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Collect marked strings into heard/locale/cy/.../django.po and compile the .mo
	@scripts/ensure-gettext
	cd heard && DJANGO_SETTINGS_MODULE=heard.settings.test ../$(HEARD) makemessages --locale cy --no-obsolete --add-location file --ignore 'static/*' --ignore '*/tests/*'
	$(PY) scripts/po_header.py heard/locale/cy/LC_MESSAGES/django.po
	cd heard && DJANGO_SETTINGS_MODULE=heard.settings.test ../$(HEARD) compilemessages --locale cy

bench: install assets ## National-scale load benchmark on PostgreSQL (figures go in docs/performance.md)
	$(PY) bench/national.py

bench-people: install ## The older people-pages benchmark (SQLite unless DATABASE_URL)
	$(PY) bench/run.py

clean: ## Remove the virtual environment, node_modules, built assets and the local database
	rm -rf $(VENV) node_modules heard/static/dist var
