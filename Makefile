# Two commands matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-faults mutation lock lock-upgrade pip-tools install migrate demo lint format messages browser-deps bench bench-search search-quality clean es-start es-stop

LOCK := requirements/lock.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# The virtual environment holds exactly the lock file: the versions, with hashes, that CI tested.
$(STAMP): $(LOCK)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 or run 'make PYTHON=/path/to/python3.11 ...'."; exit 2; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	@touch $(STAMP)

install: $(STAMP)

## make lock: requirements/lock.txt from pyproject.toml (run after changing dependencies;
## pins already in the lock are kept). `make lock-upgrade` moves every pin to the newest allowed.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url --extra dev \
	--output-file $(LOCK) pyproject.toml

pip-tools: install
	@$(BIN)/pip show pip-tools >/dev/null 2>&1 || $(BIN)/pip install --quiet "pip-tools>=7.6,<8"

lock: pip-tools
	$(PIP_COMPILE)

lock-upgrade: pip-tools
	$(PIP_COMPILE) --upgrade

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --no-accounts

## make run: virtual environment, install, migrate, demo content, the demo accounts, then the
## server on http://127.0.0.1:8000
run: demo
	@$(PY) manage.py demo_accounts
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: every test, with PostgreSQL when DATABASE_URL says so, a real Elasticsearch node
## (scripts/elasticsearch or ELASTICSEARCH_URL) and the browser. The parallel part runs on
## TEST_WORKERS processes; the tests that stop the node and the browser journeys run after it,
## alone.
TEST_WORKERS ?= auto
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser and not es_node_restart" $(PYTEST_ARGS)
	$(BIN)/pytest -m "browser or es_node_restart" $(PYTEST_ARGS)

## make test-fast: the local loop, without Elasticsearch and the browser, in parallel.
## Add PYTEST_ARGS=--reuse-db to keep the test databases between runs.
test-fast: install
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser and not elasticsearch" $(PYTEST_ARGS)

## make mutation: mutation testing of the rules that matter (slow: see docs/TESTING.md).
## MUTATION_MODULES="accounts/services.py ..." limits it to some modules.
mutation: install
	@$(BIN)/pip show cosmic-ray >/dev/null 2>&1 || $(BIN)/pip install --quiet "cosmic-ray>=8.7,<9"
	$(PY) scripts/mutation.py $(MUTATION_MODULES)

## make test-faults: fault injection (SMTP sink, Elasticsearch node, PostgreSQL) as root; see docs/OPERATIONS.md
test-faults: install
	$(PY) scripts/faults.py $(FAULTS)

## make lint: ruff, the import contract (lint-imports: the allowed arrows between apps, see
## docs/ARCHITECTURE.md and [tool.importlinter] in pyproject.toml), no missing migrations.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(PY) manage.py makemessages --locale=cs --locale=en --ignore=.venv --ignore=.cache --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

browser-deps: install
	scripts/browser-deps

bench: install
	$(PY) scripts/bench.py

## make bench-search: the search engines (database and Elasticsearch: ELASTICSEARCH_URL, or the
## local node, started as production runs one, full JIT and every core, if it is not running)
## against Wagtail's own backends at 1k, 10k and 100k Czech articles (docs/benchmarks.md).
## BENCH_SEARCH_ARGS="--sizes 1000 10000 --database postgres://..." to choose.
bench-search: install
	ELASTICSEARCH_URL="$${ELASTICSEARCH_URL:-$$(ES_FULL_JIT=1 ES_PROCESSORS=$$(nproc) scripts/elasticsearch start)}" \
		$(PY) scripts/bench_search.py $(BENCH_SEARCH_ARGS)

## make search-quality: success@3 and MRR of 100+ Czech queries on the demo content per engine, with and without the lemma field, and the analysis against simplemma's dictionary
search-quality: install
	$(PY) scripts/search_quality.py

es-start:
	scripts/elasticsearch start

es-stop:
	scripts/elasticsearch stop

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
