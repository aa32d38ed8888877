# One command per verb. Every target installs what is missing first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FRONTLINE := $(VENV)/bin/frontline
STAMP := $(VENV)/.installed

.PHONY: install encoder chromium run test lint format bench bench-nlu clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,build]'
	touch $(STAMP)

install: $(STAMP)

# The agent's sentence encoder, converted once per machine from the packaged model.
ENCODER := $(HOME)/.cache/frontline/encoders/minilm-l6-int8/model.onnx
$(ENCODER): $(STAMP) src/frontline/agent/reading/encoder_build.py
	$(FRONTLINE) nlu build-encoder

encoder: $(ENCODER)

# Browser tests drive Debian's chromium (Playwright's own browser download cannot work here).
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

run: install encoder
	$(FRONTLINE) db upgrade
	$(FRONTLINE) demo
	$(FRONTLINE) serve

test: install encoder chromium
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
	$(PY) bench/http_processes.py
	$(PY) bench/backoffice_latency.py
	$(PY) bench/workspace_pages.py
	$(PY) bench/workspace_live_latency.py
	$(PY) bench/kb_search.py
	$(PY) bench/pii.py --message-path
	$(PY) bench/agent_turns.py
	$(PY) bench/reactive_customers.py
	$(PY) bench/reactive_customers.py --perturb lowercase_no_punctuation
	$(PY) bench/kpi_scale.py --database postgresql --conversations 100000
	$(PY) bench/kpi_scale.py --database sqlite --conversations 100000

bench-nlu: install
	$(PY) bench/nlu/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
