# humsec: `make run` serves the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint bench messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/humsec migrate --noinput
	$(BIN)/humsec loadreference
	$(BIN)/humsec loaddemo
	$(BIN)/humsec runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/humsec makemigrations --check --dry-run

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Needs GNU gettext (msgfmt), for those who edit translations.
messages: $(STAMP)
	cd src/humsec && ../../$(BIN)/humsec makemessages -l fr -l es --no-obsolete && ../../$(BIN)/humsec compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
