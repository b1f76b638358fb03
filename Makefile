# Qualift: `make run` to try it, `make test` for everything CI checks.
# Targets: install run test test-sqlite test-postgres test-browser lint check bench messages
#          vendor clean  (`make help` lists them)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# Extra arguments for every pytest leg, e.g. `make test-sqlite PYTEST_ARGS="-x -k uscc"`.
PYTEST_ARGS ?=
TIMED := bash scripts/timed.sh
TIMINGS := var/.test-timings
export TIMINGS_FILE := $(abspath $(TIMINGS))

.PHONY: help install run test test-sqlite test-postgres test-browser lint check bench messages \
	vendor clean

help:
	@echo "make install        .venv with the project and its test tools (quick when up to date)"
	@echo "make run            migrate the SQLite database in var/, seed demo data, serve on :$(PORT)"
	@echo "make test           lint, migrations check, tests on SQLite, on a throwaway PostgreSQL,"
	@echo "                    and in Chromium (CI=true turns a missing PostgreSQL/Chromium into a failure)"
	@echo "make test-sqlite | test-postgres | test-browser   one leg"
	@echo "make lint           ruff check + ruff format --check"
	@echo "make check          Django system checks + makemigrations --check"
	@echo "make bench          benchmarks/run.py"
	@echo "make messages       update and compile locale/zh_Hans"
	@echo "make vendor         re-fetch Tabler, htmx, ECharts, Tabler Icons, Swagger UI from npm"
	@echo "make clean          remove .venv, caches and test output (keeps var/qualift.sqlite3)"

install: $(STAMP)

# Re-run pip only when pyproject.toml changed (or the venv is new).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

var:
	@mkdir -p var

run: install | var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/qualift demo --port $(PORT)

test: install | var
	@rm -f $(TIMINGS)
	@$(TIMED) lint $(MAKE) --no-print-directory lint
	@$(TIMED) check $(MAKE) --no-print-directory check
	@$(TIMED) test-sqlite $(MAKE) --no-print-directory test-sqlite
	@$(TIMED) test-postgres $(MAKE) --no-print-directory test-postgres
	@$(TIMED) test-browser $(MAKE) --no-print-directory test-browser
	@echo "== make test: all legs passed"; cat $(TIMINGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# makemigrations --check reads the migration history of the default database; an empty DATABASE_URL
# means the SQLite file under var/.
check: install | var
	DATABASE_URL= $(BIN)/python manage.py check --fail-level WARNING
	DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run

# pytest exits 5 when it collects nothing; make treats that as the failure it is.
test-sqlite: install
	DATABASE_URL= $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-postgres: install
	bash scripts/test_postgres.sh -m "not browser" $(PYTEST_ARGS)

test-browser: install | var
	bash scripts/test_browser.sh $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/spc_bench.py
	$(BIN)/python benchmarks/ingest_bench.py
	$(BIN)/python benchmarks/chart_bench.py
	$(BIN)/python benchmarks/assistance_bench.py

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-location --no-obsolete \
		-i '.venv/*' -i 'var/*' -i 'static/*' -i 'build/*' -i 'node_modules/*' \
		-i 'tests/*' -i '*/tests/*'
	$(BIN)/python manage.py compilemessages -l zh_Hans -i .venv -i var

vendor:
	bash scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) .ruff_cache .pytest_cache build dist *.egg-info test-results \
		var/screenshots var/staticfiles $(TIMINGS)
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
