# The verbs a newcomer needs. `make demo` and `make test` set everything up themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MEDL := $(VENV)/bin/medl
STAMP := $(VENV)/.installed-stamp
JOBS ?= 2
# The CPU build of torch from PyTorch's CPU index (Linux without a GPU), e.g.
# make venv TORCH_INDEX=https://download.pytorch.org/whl/cpu ; empty: the configured index.
TORCH_INDEX ?=

.PHONY: help venv system demo test release check lint format clean

help:
	@echo "make demo     set up .venv, build the student release, grade the sample submissions"
	@echo "make test     set up .venv if missing, run the whole test suite"
	@echo "make release  rebuild assignments/ from solutions/"
	@echo "make lint     ruff check + format check"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# Exact versions from constraints.txt (torch==2.13.0, the CPU build from a local wheel here).
	$(if $(TORCH_INDEX),$(PY) -m pip install --quiet -c constraints.txt torch --index-url $(TORCH_INDEX))
	# interop (nbgrader, otter-grader) adds ~35 s and ~0.5 GB to a fresh venv (79 s, 1.9 GB).
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,interop]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP)

system:
	bash .ci/install-system-packages

release: venv
	$(MEDL) release

demo: venv
	$(MEDL) release
	rm -rf build/demo
	$(MEDL) grade ch01 examples/ch01 --out build/demo --gradebook build/demo/gradebook.db --jobs $(JOBS) --quiet
	$(MEDL) report build/demo/gradebook.db --out build/demo/report.html --students build/demo/feedback
	@echo "sample results: build/demo/<student>/results.json, gradebook build/demo/gradebook.db, report build/demo/report.html"

test: venv
	$(VENV)/bin/pytest -n $(JOBS) --durations=15

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check autograder shared tests

format: venv
	$(VENV)/bin/ruff format autograder shared tests
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf build graded .pytest_cache
