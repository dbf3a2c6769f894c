# safetystats — set-up and checks.  Needs only Python 3.11+ with pip and venv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# Exact versions the suite is tested with (byte-identical PNGs need the same matplotlib/freetype).
CONSTRAINTS := -c constraints.txt

.PHONY: help demo test lint docs bench bench-venv clean install install-dev

help:
	@echo "make demo   - create .venv, install safetystats, run it on the bundled Suzhou 2023 data"
	@echo "make test   - create .venv with the dev extra and run lint, tests, doctests, notebooks and docs"
	@echo "make docs   - build the documentation into docs/_build/html (warnings are errors)"
	@echo "make bench  - run the benchmarks in benchmarks/ (prints ratios against reference implementations)"
	@echo "make bench-venv - create .bench-venv with statsforecast (pins pandas < 3) for bench_forecast.py"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(CONSTRAINTS) -e ".[dev]"
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	$(BIN)/safetystats demo

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q
	@# notebooks/*.ipynb are executed (once) by the docs build below: a failing cell fails it.
	$(MAKE) docs

docs: $(VENV)/.installed-dev
	rm -rf docs/_build docs/api/generated
	$(BIN)/sphinx-build -W --keep-going -q -j auto -b html docs docs/_build/html

# statsforecast 2.1.1 pins pandas < 3: benchmarks/bench_forecast.py runs it in this separate venv.
BENCH_VENV := .bench-venv
$(BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip --disable-pip-version-check -q install statsforecast==2.1.1
	@touch $@

bench-venv: $(BENCH_VENV)/.installed

bench: $(VENV)/.installed-dev bench-venv
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) docs/_build .pytest_cache .ruff_cache .hypothesis
