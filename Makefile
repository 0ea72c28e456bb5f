# Two commands do all set-up: `make pdf` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= build/letter.pdf

.PHONY: pdf test lint bench clean system-deps test-tools wheel-check docs

pdf: $(VENV)/.installed system-deps
	$(BIN)/letterpdf build content -o $(OUT)

test: $(VENV)/.installed-dev system-deps test-tools
	$(BIN)/pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Build the wheel, install it in a fresh venv outside the repository, build a new letter.
wheel-check: $(VENV)/.installed system-deps
	PYTHON=$(BIN)/python bash scripts/check-wheel.sh

# Regenerate docs/ from the code (tests/test_docs.py fails when it is stale).
docs: $(VENV)/.installed-dev system-deps
	$(BIN)/python scripts/gen_docs.py --images

# letterpdf beside Typst and naive WeasyPrint (../shared/bench), in one run: bench/RESULTS.md.
bench: $(VENV)/.installed-bench system-deps
	@sh scripts/system-deps.sh fonts-dejavu-core
	$(BIN)/python bench/run.py $(BENCH)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps: a second `make pdf` with pyproject.toml unchanged installs nothing.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $@

system-deps:
	@sh scripts/system-deps.sh libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

test-tools:
	@sh scripts/system-deps.sh qpdf poppler-utils libreoffice-writer-nogui fonts-liberation

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
