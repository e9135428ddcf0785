# Front door. `make extract` and `make test` set up the virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RAW ?= data/raw
OUT ?= data/parquet
BENCH_RAW ?= tests/corpus/generated
# make extract: JOBS=N workers (default all cores), FORCE=1 redoes every file, RETRY_ERRORS=1 the failed ones,
# OCR_TEXT=1 reads the prose of scanned pages too (sections), not only their tables and title,
# EXECUTOR=dask [SCHEDULER=tcp://host:8786] runs the per-file work on Dask (docs/BATCH.md)
JOBS ?=
FORCE ?=
RETRY_ERRORS ?=
OCR_TEXT ?=
EXECUTOR ?= local
SCHEDULER ?=
# make scrape: SOURCES lists the agencies' report columns; STATE keeps the manifest, HTTP cache and lock
SOURCES ?= sources.yaml
STATE ?= data/scrape
# make bench / scan-bench: SCAN_COUNT scanned copies of generated reports, OCR'd and scored
SCAN_OUT ?= /tmp/govreport-scanned
SCAN_COUNT ?= 10
# make bench-scale: two corpus sizes for peak memory, one for the JOBS=1 -> 2 speed-up
BENCH_SIZES ?= 150,600
BENCH_SPEEDUP ?= 144

.PHONY: setup extract scrape test lint bench bench-scale scan-bench scan-fixtures corpus samples clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

extract: setup
	$(PY) -m pipeline.cli extract "$(RAW)" "$(OUT)" --executor $(EXECUTOR) $(if $(JOBS),--jobs $(JOBS)) \
		$(if $(filter 1 yes true,$(FORCE)),--force) $(if $(filter 1 yes true,$(RETRY_ERRORS)),--retry-errors) \
		$(if $(SCHEDULER),--scheduler $(SCHEDULER)) $(if $(filter 1 yes true,$(OCR_TEXT)),--ocr-text)

# safe from cron: a lock file stops overlapping runs (docs/SCRAPING.md)
scrape: setup
	$(PY) -m pipeline.scrape --sources "$(SOURCES)" --raw "$(RAW)" --out "$(OUT)" --state "$(STATE)"

test: setup
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

# the pipeline beside a naive pdfplumber pass, per report; then scan-bench (a few minutes)
bench: setup
	$(PY) -m pipeline.cli bench "$(BENCH_RAW)"
	$(MAKE) --no-print-directory scan-bench

# slow (a few minutes): JOBS=1 -> 2 speed-up, peak RSS at two corpus sizes, re-run time
bench-scale: setup
	$(PY) -m pipeline.cli bench-scale "$(BENCH_RAW)" --sizes $(BENCH_SIZES) --speedup-size $(BENCH_SPEEDUP)

# OCR accuracy, silent errors, seconds per page and per report on scanned copies of generated reports
scan-bench: setup
	$(PY) -m corpus.scan --out "$(SCAN_OUT)" --count $(SCAN_COUNT) --seed 2026
	$(PY) -m parsers.ocr_bench "$(SCAN_OUT)"

scan-fixtures: setup
	$(PY) -m corpus.scan --fixtures tests/corpus/scanned

# Regenerating the corpus needs LibreOffice (soffice) and CJK fonts; the result is committed.
corpus: setup
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.generate --out tests/corpus/generated --count 36 --seed 2026

samples: setup
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.generate --sample data/raw

clean:
	rm -rf data/parquet .pytest_cache
