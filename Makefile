# The two commands a newcomer needs: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run harvest check test lint format clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

check: setup
	$(BIN)/portal check

harvest: check
	$(BIN)/portal harvest --all

run: harvest
	$(BIN)/portal serve --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info

.PHONY: bench
# Run every benchmarks/*_bench.py script; each prints Markdown tables for docs/benchmarks.md.
bench: setup
	@for script in benchmarks/*_bench.py; do \
		echo "== $$script"; PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python $$script || exit 1; \
	done
