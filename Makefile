# humsec: `make run` serves the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint bench messages clean system-packages

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

# System programs some tests use: Debian's chromium (browser tests), poppler-utils
# (pdftotext, pdftoppm: PDF checks), gettext (every string in the catalogues) and the
# Noto CJK fonts (Chinese in documents). On CI (CI=true, as root, with apt-get) the
# missing ones are installed; elsewhere this says what is missing, and pytest skips those
# tests saying why.
SYSTEM_PACKAGES := chromium:chromium pdftotext:poppler-utils xgettext:gettext

system-packages:
	@missing=""; \
	for pair in $(SYSTEM_PACKAGES); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	ls /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc >/dev/null 2>&1 \
	  || missing="$$missing fonts-noto-cjk"; \
	if [ -z "$$missing" ]; then \
	  echo "System packages: chromium, pdftotext, gettext and the CJK fonts are present."; \
	elif [ "$${CI:-}" = true ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "System packages: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	else \
	  echo "System packages missing:$$missing (Debian: apt-get install$$missing)."; \
	  echo "The tests that need them are skipped; pytest lists them with the reason."; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/humsec makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Needs GNU gettext (msgfmt), for those who edit translations.
messages: $(STAMP)
	cd src/humsec && ../../$(BIN)/humsec makemessages -l fr -l es --no-obsolete && ../../$(BIN)/humsec compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
