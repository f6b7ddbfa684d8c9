# Two commands on a fresh machine with Python >= 3.11: `make` (set up and build 2021),
# `make test` (the whole test suite). See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The accessibility test's node packages (axe-core, playwright-core, as locked), installed when
# npm is there and node_modules is missing or older than the lock file; without npm,
# tests/e2e/test_axe.py skips and says why (and fails under CI).
AXE := tests/accessibility
AXE_STAMP := $(AXE)/node_modules/.installed
AXE_TOOLING := $(if $(shell command -v npm 2>/dev/null),$(AXE_STAMP))

.PHONY: all build test lint clean sample-data
all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/cspreport build params/2021.yaml

# Two workers (the machine's two cores): builds and kernels wait on each other's processes;
# a file's tests stay on one worker, so its module fixtures are made once.
test: $(STAMP) $(AXE_TOOLING)
	$(BIN)/python -m pytest -n auto --dist loadfile

# npm ci empties node_modules first, the stamp with it. Offline, a developer's `make test`
# goes on without the tooling (test_axe skips); under CI (CI set) it stops here.
$(AXE_STAMP): $(AXE)/package-lock.json
	@if npm ci --prefix $(AXE) --no-audit --no-fund; then touch $@; \
	elif [ -n "$$CI" ]; then exit 1; \
	else echo "warning: npm ci in $(AXE) failed: tests/e2e/test_axe.py will be skipped"; fi

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf output/20* output/.20*

sample-data: $(STAMP)
	$(BIN)/python scripts/make_sample_data.py
