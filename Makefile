# The two commands a new user needs: `make run` and `make test`. Both bootstrap .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One stamp per extra and pyproject.toml version: `make run` installs what running needs,
# `make test` adds the test tooling (pytest, playwright, mypy, schemathesis: ~470 MB).
SUM       := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.run-$(SUM)
STAMP     := $(VENV)/.test-$(SUM)

HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test test-fast lint typecheck pytest bench bench-prescreen loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@rm -f $(VENV)/.run-*
	@touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.test-*
	@touch $(STAMP)

# `oncomatch serve` itself prints the one line saying that auth is off.
run: $(RUN_STAMP)
	@ONCOMATCH_AUTH=off $(BIN)/oncomatch serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The whole suite, with line and branch coverage of the packages (the table lists the files
# not fully covered).
pytest: $(STAMP)
	$(BIN)/pytest --cov --cov-report=term

test: lint typecheck pytest

# The inner loop: everything but the tests marked slow (generated traffic, real processes,
# browsers), without coverage. `make test` stays the whole suite.
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

# The benchmark (about 1.5 min on 2 cores): prints the table, writes bench-results/. It and the
# load test live in tools/, which the wheel does not ship: they run from this checkout.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	PYTHONPATH=$(CURDIR) $(BIN)/oncomatch bench --out bench-results

PATIENTS ?= 20000
ROUNDS ?= 1
# Pre-screening a synthetic hospital (a bulk export of PATIENTS patients, ~140 KB each on disk,
# kept in bench-results/prescreen/ for the next run) against the 25k catalog, engine `local` then
# `dask`: patients/s per core, peak memory of the process tree, Dask's overhead. `make
# bench-prescreen PATIENTS="20000 100000"` shows whether memory stays flat; ROUNDS=2 runs the
# engines local, dask, dask, local and compares their means (a shared machine drifts).
bench-prescreen: $(STAMP)
	PYTHONPATH=$(CURDIR) $(BIN)/python -m tools.prescreen_bench --patients $(PATIENTS) \
		--rounds $(ROUNDS) --out bench-results/prescreen

DURATION ?= 20
CONCURRENCY ?= 8
# Drives a real server on loopback for a bounded time; reports errors, latency and memory.
loadtest: $(STAMP)
	PYTHONPATH=$(CURDIR) $(BIN)/oncomatch loadtest --duration $(DURATION) --concurrency $(CONCURRENCY)

clean:
	rm -rf $(VENV) .oncomatch .pytest_cache .mypy_cache .ruff_cache
