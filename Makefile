# Front door. `make extract` and `make test` set up the virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RAW ?= data/raw
OUT ?= data/parquet
BENCH_RAW ?= tests/corpus/generated

.PHONY: setup extract test lint bench corpus samples clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

extract: setup
	$(PY) -m pipeline.cli extract "$(RAW)" "$(OUT)"

test: setup
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

bench: setup
	$(PY) -m pipeline.cli bench "$(BENCH_RAW)"

# Regenerating the corpus needs LibreOffice (soffice) and CJK fonts; the result is committed.
corpus: setup
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.generate --out tests/corpus/generated --count 36 --seed 2026

samples: setup
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.generate --sample data/raw

clean:
	rm -rf data/parquet .pytest_cache
