# Two commands matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo lint format messages browser-deps bench search-quality clean es-start es-stop test-faults

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 or run 'make PYTHON=/path/to/python3.11 ...'."; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## make run: virtual environment, install, migrate, demo content, server on http://127.0.0.1:8000
run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: every test, with a real Elasticsearch node (scripts/elasticsearch or ELASTICSEARCH_URL)
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

## make test-faults: fault injection (SMTP sink, Elasticsearch node, PostgreSQL) as root; see docs/OPERATIONS.md
test-faults: install
	$(PY) scripts/faults.py $(FAULTS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(PY) manage.py makemessages --locale=cs --locale=en --ignore=.venv --ignore=.cache --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

browser-deps: install
	scripts/browser-deps

bench: install
	$(PY) scripts/bench.py

## make search-quality: ranking of known Czech queries on the demo content, per engine, with and without stemming
search-quality: install
	$(PY) scripts/search_quality.py

es-start:
	scripts/elasticsearch start

es-stop:
	scripts/elasticsearch stop

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
