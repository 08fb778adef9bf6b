# Two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= archive.db

.PHONY: demo test lint venv clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed in editable mode so the top-level migrations/ folder is used as it is.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/archive ingest examples/ --metadata examples/wikinews/metadata.tsv --db $(DEMO_DB)
	$(BIN)/archive stats --db $(DEMO_DB)
	$(BIN)/archive search --db $(DEMO_DB) --text "outbreak OR Aleppo" --format table
	$(BIN)/archive quotes --db $(DEMO_DB) --source "de Mistura" --format table

test: $(VENV)/.installed-dev
	$(BIN)/ruff check archive tests migrations bench
	$(BIN)/ruff format --check archive tests migrations bench
	$(BIN)/mypy archive
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check archive tests migrations bench
	$(BIN)/ruff format --check archive tests migrations bench
	$(BIN)/mypy archive

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
