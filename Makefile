# Everything runs from .venv, which the first target that needs it creates on a machine with
# nothing but python3. The stamp file makes a re-run after a pyproject change reinstall.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# `make local` needs only the `[local]` extra; the `[dev]` install includes it (and touches both).
LOCAL_STAMP := $(VENV)/.installed-local
STACK  ?= us

.PHONY: install lint typecheck test test-unit test-tiers test-parity parity-cache local hooks dist bench clean docs docs-facts

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(LOCAL_STAMP)

$(LOCAL_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[local]'
	touch $(LOCAL_STAMP)

install: $(STAMP)

# The strict docs build is a check like the others, so CI's fast lane (`make lint test-unit`) runs it.
lint: $(STAMP) typecheck docs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/actionlint -shellcheck=$(BIN)/shellcheck .github/workflows/*.yml

# mypy --strict over the import package as it installs: build/typecheck/multi_region_api is a
# view of the repository's folders under their package names (the wheel's layout). Then the
# example application, against that view, as a user's app would be checked.
TYPECHECK := build/typecheck/multi_region_api
typecheck: $(STAMP)
	rm -rf build/typecheck && mkdir -p $(TYPECHECK)
	for f in multi_region_api/*.py multi_region_api/py.typed; do ln -s "$$PWD/$$f" $(TYPECHECK)/; done
	for d in multi_region_api/*/; do case "$$d" in *__pycache__*) ;; *) ln -s "$$PWD/$${d%/}" $(TYPECHECK)/;; esac; done
	for d in components handlers local_runtime ops; do ln -s "$$PWD/$$d" $(TYPECHECK)/$$d; done
	cd build/typecheck && $(CURDIR)/$(BIN)/mypy --strict -p multi_region_api
	cd examples/food_for_thought && MYPYPATH=$(CURDIR)/build/typecheck $(CURDIR)/$(BIN)/mypy --strict -p food_for_thought

# pytest-xdist workers of `make test` and `make test-tiers`. Most tests wait (local runtimes,
# failover drills, health-check intervals, subprocess venvs), so more workers than cores pays off
# (measured on 2 cores: docs/contributing.md). tests/conftest.py keeps on one worker the tests
# that share an expensive fixture and, one at a time, those that assert a latency or a window.
WORKERS ?= 4
XDIST := -n $(WORKERS) --dist loadgroup

# Every tier: unit (mocks), matrix (every configuration's graph), integration (moto), e2e (local
# runtime), packaging, user project, parity.
test: lint parity-cache
	$(BIN)/python -m pytest $(XDIST)

# Every tier but unit: CI's second lane, after `make lint test-unit` passed in the first.
test-tiers: parity-cache
	$(BIN)/python -m pytest $(XDIST) --ignore=tests/unit

# The runtime-parity tier's Powertools layer and Lambda boto3, built with CPython 3.13 from PyPI
# and cached under .venv/parity-cache/<key of the pins> (a no-op once built) by the package's
# multi_region_api.parity. Without a 3.13 it fails with one line saying how to get one.
parity-cache: $(STAMP)
	$(BIN)/python -m multi_region_api.parity

# The handler on CPython 3.13 with only the archive, the layer and the runtime's boto3.
test-parity: parity-cache
	$(BIN)/python -m pytest tests/parity

# The fast loop (under a minute): no servers, no subprocesses, no configuration matrix.
test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

# The documentation site, built strictly (a broken link or anchor, or a page left out of the nav,
# fails) into build/site.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/site

# Rewrite the docs' generated regions (counts, prices, times) from the code; tests/unit/docs fails
# while a committed page differs from what this writes.
docs-facts: $(STAMP)
	$(BIN)/python -m tests.docs.facts

local: $(LOCAL_STAMP)
	$(BIN)/multi-region-api local --stack $(STACK)

# The git hooks of .pre-commit-config.yaml (ruff, the standard checks, mypy through `make typecheck`).
hooks: $(STAMP)
	$(BIN)/pre-commit install

# The wheel and sdist a release publishes, checked as PyPI will read them.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist
	$(BIN)/twine check --strict dist/*

# The handler benchmark also builds (once) the layer of the previous Powertools release.
bench: parity-cache
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
