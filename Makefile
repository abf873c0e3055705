# Two commands matter: `make serve` (run the site) and `make test` (run every check).
# Needs python3 (>= 3.11) with venv, make, and the Debian packages listed in README.md.

VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
export NO_MKDOCS_2_WARNING := 1
# PDFs are built unless PDF_EXPORT=0 is given (make serve: on the first build only).
export PDF_EXPORT ?= 1

.PHONY: install serve site offline bench fidelity check schema lint format test clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

## serve: build the site and serve it on http://127.0.0.1:8000 with live reload
## (site_url points at the local server, so pages are served at its root)
serve: install
	SITE_URL="$${SITE_URL:-http://127.0.0.1:8000/}" $(MKDOCS) serve --strict --dev-addr 127.0.0.1:8000 --livereload

## site: production build into site/ (written to site.tmp/ first: a failed build publishes nothing).
## Reproducible: the build's time is the last commit's (SOURCE_DATE_EPOCH, unless given).
site: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
site: install
	rm -rf site.tmp
	$(MKDOCS) build --strict --site-dir site.tmp
	$(PY) -m offline.build site.tmp/curriculum-offline.zip --site site.tmp
	rm -rf site && mv site.tmp site

## offline: the offline copy alone (open index.html from disk; search works) in dist/
offline: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
offline: install
	$(PY) -m offline.build dist/curriculum-offline.zip

## bench: the build against plain Material (live reload, site, synthetic 10/50/100 modules in
## 2/10/20 editions, PDFs, peak memory) and page weights, as a Markdown table (BENCHMARKS.md;
## about a quarter of an hour; BENCH_ARGS="--runs 1 --sizes 2,5 --pdf-modules 2" for a quick
## run). PDF_EXPORT is set per build.
bench: install
	$(PY) -m tools.bench $(BENCH_ARGS)

## fidelity: how data/ compares with the source deliverable (a report for reviewers, not a test)
fidelity: install
	@$(PY) -m tools.fidelity

## check: validate data/ alone, with the same messages as the build (well under a second)
check: install
	$(PY) -m tools.check

## schema: regenerate schemas/*.schema.json from macros/models.py and CONTRIBUTING.md
schema: install
	$(PY) -m tools.schema

## lint: ruff lint and format check of the Python code
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## test: lint, strict build and the whole pytest suite
test: install lint
	$(PY) -m pytest

clean:
	rm -rf site site.tmp dist .pytest_cache .ruff_cache
