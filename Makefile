# One command checks everything: `make test` (ruff, mypy strict, pytest).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PACKAGES := monitor store alerts

.PHONY: test check lint typecheck pytest install bench clean

test: install lint typecheck pytest

install: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

lint:
	$(BIN)/ruff check $(PACKAGES) tests bench
	$(BIN)/ruff format --check $(PACKAGES) tests bench

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench.bench_store
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python -m bench.bench_alerts
	$(BIN)/python -m bench.bench_ingest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
