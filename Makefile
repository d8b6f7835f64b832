# The two commands a newcomer needs: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run harvest check test bench lint format clean

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

# Benchmarks print ratios against a baseline measured in the same run; see docs/benchmarks.md.
bench: setup
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python benchmarks/packaging_bench.py
	$(BIN)/python benchmarks/readers_bench.py 200000
	$(BIN)/python benchmarks/pages_bench.py
	$(BIN)/python benchmarks/http_unchanged.py
	$(BIN)/python benchmarks/harvest_kill.py 20
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/search_bench.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/search_quality_bench.py
	$(BIN)/python benchmarks/rowapi_bench.py
	$(BIN)/python benchmarks/load_bench.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
