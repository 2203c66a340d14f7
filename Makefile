# nomusa — the README's commands. Only Python 3.11 and make are needed; everything else installs here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export PORT

.PHONY: run test lint demo bench fuzz fuzz-ci migrate migration clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

## run: API (gunicorn) + scheduler on http://127.0.0.1:$(PORT), migrating first (SQLite by default)
run: $(STAMP)
	$(BIN)/python -m app.serve

## test: the whole suite (SQLite; PostgreSQL too when NOMUSA_TEST_DATABASE_URL is set)
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

## fuzz-ci: schemathesis from /api/v1/openapi.json against a live server as every role (bounded, SQLite)
fuzz-ci: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m fuzz tests/fuzz

## fuzz: the same, longer (more examples, stateful sequences, both backends)
fuzz: $(STAMP)
	NOMUSA_FUZZ_EXAMPLES=$${NOMUSA_FUZZ_EXAMPLES:-100} NOMUSA_FUZZ_PHASES=examples,coverage,fuzzing,stateful \
	NOMUSA_FUZZ_ALL_BACKENDS=1 $(BIN)/python -m pytest -n 2 -m fuzz tests/fuzz

## demo: the whole story over HTTP on a temporary SQLite database (exit 0 only if every step held)
demo: $(STAMP)
	$(BIN)/python scripts/demo.py 2>/dev/null

## bench: city-scale benchmark on PostgreSQL (SCALE=0.001 → 1,000 contracts; 1.0 = Seoul, 1,000,000); drops BENCH_DATABASE_URL's schema
SCALE ?= 0.001
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/nomusa_bench
bench: $(STAMP)
	$(BIN)/python bench/city.py --scale $(SCALE) --database-url $(BENCH_DATABASE_URL) 2>/dev/null

lint: $(STAMP)
	$(BIN)/ruff check .

migrate: $(STAMP)
	$(BIN)/flask --app wsgi db upgrade

## migration: autogenerate a revision after a model change (MSG="why")
migration: $(STAMP)
	$(BIN)/flask --app wsgi db migrate -m "$(MSG)"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
