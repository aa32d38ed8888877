# One command per verb. Every target installs what is missing first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FRONTLINE := $(VENV)/bin/frontline
STAMP := $(VENV)/.installed

.PHONY: install chromium run test lint format bench bench-nlu clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,build]'
	touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's chromium (Playwright's own browser download cannot work here).
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

run: install
	$(FRONTLINE) db upgrade
	$(FRONTLINE) demo
	$(FRONTLINE) serve

test: install chromium
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

bench: install
	$(PY) bench/http_messages.py
	$(PY) bench/backoffice_latency.py
	$(PY) bench/workspace_pages.py
	$(PY) bench/workspace_live_latency.py

bench-nlu: install
	$(PY) bench/nlu/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
