# Front door: `make` lists the targets. `make extract` and `make test` set up .venv on first use.
# Every target calls the one CLI, `govreport` (pipeline/cli.py); `govreport COMMAND --help` says more.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
GOVREPORT := $(VENV)/bin/govreport
RAW ?= data/raw
OUT ?= data/parquet
BENCH_RAW ?= tests/corpus/generated
# make bench also times the real reports of ../shared (GOVREPORT_SHARED) where present, and the long reports
SHARED ?= $(or $(GOVREPORT_SHARED),../shared)
BENCH_REAL ?= $(wildcard $(SHARED)/reports/real)
BENCH_LONG ?= tests/corpus/long
BENCH_PROFILE ?= 12
# make extract: JOBS=N workers (default all cores), FORCE=1 redoes every file, RETRY_ERRORS=1 the failed ones,
# PRUNE=1 drops the rows of files gone even when that is all or most of them,
# OCR_TEXT=1 reads the prose of scanned pages too, EXECUTOR=dask [SCHEDULER=tcp://host:8786] (docs/BATCH.md)
JOBS ?=
FORCE ?=
PRUNE ?=
RETRY_ERRORS ?=
OCR_TEXT ?=
EXECUTOR ?= local
SCHEDULER ?=
# make report: the quality report of OUT, a static site in SITE (open SITE/index.html)
SITE ?= data/site
# make export: FORMAT csv, xlsx, dta (Stata) or parquet; written into EXPORT
FORMAT ?= csv
EXPORT ?= data/export
# make scrape: SOURCES lists the agencies' report columns; STATE keeps the manifest, HTTP cache and lock
SOURCES ?= sources.yaml
STATE ?= data/scrape
# make bench / scan-bench: SCAN_COUNT scanned copies of generated reports, OCR'd and scored
SCAN_OUT ?= /tmp/govreport-scanned
SCAN_COUNT ?= 10
# make bench-scale: two corpus sizes for peak memory, one for the JOBS=1 -> 2 speed-up
BENCH_SIZES ?= 150,600
BENCH_SPEEDUP ?= 600
BENCH_SOAK ?= 2000
BENCH_SITE ?= 1000
BENCH_NATIONAL ?= 20000
# make bench-output: the output layer alone at national size (pipeline.bench_output)
OUTPUT_REPORTS ?= 500000
# make fuzz: seconds of coverage-guided fuzzing per entry point (PDF, web page)
FUZZ_SECONDS ?= 60
FUZZ_WORK ?= /tmp/govreport-fuzz

yes = $(filter 1 yes true,$(1))
EXTRACT_FLAGS = $(strip --executor $(EXECUTOR) $(if $(JOBS),--jobs $(JOBS)) $(if $(call yes,$(FORCE)),--force) \
	$(if $(call yes,$(RETRY_ERRORS)),--retry-errors) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) \
	$(if $(call yes,$(OCR_TEXT)),--ocr-text) $(if $(call yes,$(PRUNE)),--prune))

.DEFAULT_GOAL := help
.PHONY: help setup extract compact report export notebook scrape test lint bench bench-scale bench-output scan-bench scan-fixtures corpus kinds long-corpus samples docs clean

help: ## this list
	@echo "make TARGET [VAR=value ...]   (the first use sets up .venv)"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed ## create .venv and install the project with its dev tools

extract: setup ## RAW (data/raw) -> OUT (data/parquet); JOBS, FORCE, PRUNE, RETRY_ERRORS, OCR_TEXT, EXECUTOR, SCHEDULER
	$(GOVREPORT) extract $(EXTRACT_FLAGS) -- "$(RAW)" "$(OUT)"

compact: setup ## merge OUT's small part files into large ones (a run past 200 part files does it itself)
	$(GOVREPORT) compact -- "$(OUT)"

report: setup ## the quality report of OUT: a static HTML site in SITE (data/site), a page per report
	$(GOVREPORT) report --raw "$(RAW)" $(if $(JOBS),--jobs $(JOBS)) -- "$(OUT)" "$(SITE)"

export: setup ## the panel, cells and agencies of OUT for Stata, R or Excel: FORMAT=csv|xlsx|dta|parquet -> EXPORT
	$(GOVREPORT) export --format $(FORMAT) --to "$(EXPORT)" -- "$(OUT)"

notebook: setup ## examples/compare.ipynb in JupyterLab
	$(PY) -m pip install --quiet -e '.[notebook]'
	$(VENV)/bin/jupyter lab examples/compare.ipynb

scrape: setup ## crawl SOURCES (sources.yaml), file new reports under RAW, extract into OUT
	$(GOVREPORT) scrape --sources "$(SOURCES)" --raw "$(RAW)" --out "$(OUT)" --state "$(STATE)"

test: setup ## the test suite (says why a test is skipped)
	$(PY) -m pytest -q -rs

lint: setup ## ruff, and the import contract (parsers/ never import pipeline/)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

bench: setup ## text-layer speed beside a naive pdfplumber pass and the PDFium floor (BENCH_RAW, BENCH_REAL, BENCH_LONG), then scan-bench
	$(if $(BENCH_REAL),,@echo "no real reports: $(SHARED)/reports/real is absent (GOVREPORT_SHARED=/path/to/shared adds them)")
	$(GOVREPORT) bench --profile $(BENCH_PROFILE) $(if $(wildcard $(BENCH_LONG)),--long "$(BENCH_LONG)") \
		-- "$(BENCH_RAW)" $(BENCH_REAL)
	$(MAKE) --no-print-directory scan-bench

bench-scale: setup ## slow: JOBS=1 -> 2 speed-up, peak RSS, re-run time, quality report, BENCH_NATIONAL compacted + DuckDB, soak
	$(GOVREPORT) bench-scale --sizes $(BENCH_SIZES) --speedup-size $(BENCH_SPEEDUP) --site $(BENCH_SITE) \
		--national $(BENCH_NATIONAL) --soak $(BENCH_SOAK) -- "$(BENCH_RAW)"

bench-output: setup ## slow: an output of OUTPUT_REPORTS copies (no extraction) written, published, compacted, queried
	$(GOVREPORT) bench-scale --sizes "" --speedup-size 0 --output $(OUTPUT_REPORTS) -- "$(BENCH_RAW)"

scan-bench: setup ## OCR accuracy, silent errors and seconds per page on SCAN_COUNT scanned generated reports
	$(PY) -m corpus.scan --out "$(SCAN_OUT)" --count $(SCAN_COUNT) --seed 2026
	$(GOVREPORT) bench-ocr --naive -- "$(SCAN_OUT)"

fuzz: setup ## FUZZ_SECONDS of atheris on the PDF and the web-page entry points; findings land in FUZZ_WORK
	@for kind in pdf html; do rm -rf "$(FUZZ_WORK)/$$kind" && mkdir -p "$(FUZZ_WORK)/$$kind" && \
		cp tests/fuzz/seeds/$$kind/* tests/fuzz/found/*.$$kind "$(FUZZ_WORK)/$$kind/" 2>/dev/null; \
		echo "fuzzing the $$kind entry point for $(FUZZ_SECONDS) s"; \
		$(PY) tests/fuzz/fuzz_reports.py $$kind -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=2048 \
			-artifact_prefix="$(FUZZ_WORK)/$$kind-" "$(FUZZ_WORK)/$$kind" 2>&1 | grep -E "^Done|crash|timeout|oom" || exit 1; done

docs: setup ## regenerate docs/OUTPUT.md and docs/SCHEMA.md from the code
	$(GOVREPORT) dictionary --write docs

scan-fixtures: setup ## regenerate the scanned test fixtures (tests/corpus/scanned)
	$(PY) -m corpus.scan --fixtures tests/corpus/scanned

corpus: setup ## regenerate the generated corpus (needs LibreOffice and CJK fonts: corpus/README.md)
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.generate --out tests/corpus/generated --count 36 --seed 2026

kinds: setup ## regenerate tests/corpus/kinds: reports of each kind the pipeline reads (needs LibreOffice)
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.kinds --out tests/corpus/kinds --seed 2027

long-corpus: setup ## regenerate tests/corpus/long: 8 reports of 10-20 pages, mostly prose (needs LibreOffice)
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.generate --long --out tests/corpus/long --count 8 --seed 2028

samples: setup ## regenerate the two sample reports in data/raw
	$(PY) -m pip install --quiet -e '.[generate]'
	$(PY) -m corpus.generate --sample data/raw

clean: ## remove data/parquet, data/export, data/site and the test and lint caches
	rm -rf data/parquet data/export data/site .pytest_cache .ruff_cache .import_linter_cache
