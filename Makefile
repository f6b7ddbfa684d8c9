# Two commands on a fresh machine with Python >= 3.11: `make` (set up and build 2021),
# `make test` (the whole test suite). See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all build test lint clean sample-data
all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/cspreport build params/2021.yaml

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf output/20* output/.20*

sample-data: $(STAMP)
	$(BIN)/python scripts/make_sample_data.py
