# One command checks everything: `make test` (ruff, import contracts, declared dependencies,
# mypy strict, every test).  `make fast`: the tests not marked slow, for the inner loop.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PACKAGES := monitor store alerts

.PHONY: test check lint typecheck pytest fast install bench clean

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
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/deptry $(PACKAGES)

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest

fast: install
	$(BIN)/python -m pytest -m "not slow"

bench: install
	$(BIN)/python -m bench.bench_store
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python -m bench.bench_alerts
	$(BIN)/python -m bench.bench_ingest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
