# Rumbo: one task runner. README and CI call only these targets.
#   make lab    set up (if needed) and open the course in JupyterLab
#   make lab-en the same, in English (the English edition in an English JupyterLab)
#   make test   set up (if needed) and run every check
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Tools called by name (jupyter, nbgrader's alembic, papermill) come from the environment.
export PATH := $(abspath $(BIN)):$(PATH)
PORT ?= 8888
APP_PORT ?= 8866
# Jupyter refuses to run as root (containers, workshop VMs) unless told it is on purpose.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Both editions: the Spanish source and the English one built from it (course/en, solutions/en_*).
NOTEBOOKS = $(sort $(wildcard course/*.ipynb)) $(sort $(wildcard course/en/*.ipynb)) $(sort $(wildcard solutions/*/*.ipynb))
ASSIGNMENTS = $(notdir $(sort $(wildcard solutions/[0-9]*) $(wildcard solutions/en_*)))
# The rumbo-lab JupyterLab extension: TypeScript source, and its build (committed, see docs/ARCHITECTURE.md).
LABEXT_SRC := jupyter/labextension
LABEXT := jupyter/labextensions/rumbo-lab

.PHONY: help setup lab lab-en app hub test test-fast system-deps data outputs exercises english bench lint lock clean labextension lab-catalogs

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exact versions from constraints.txt; ranges live in pyproject.toml.
# JupyterLab settings and the rumbo-lab extension go into the environment, so every JupyterLab
# started from it (make lab, a trainer's `jupyter lab` in a class folder) is the same.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt jupyter/lab/settings/overrides.json $(wildcard $(LABEXT)/* $(LABEXT)/static/*)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24" 
	$(BIN)/python -m pip install --quiet -e ".[test]" -c constraints.txt
	mkdir -p $(VENV)/share/jupyter/lab/settings $(VENV)/share/jupyter/labextensions
	cp jupyter/lab/settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	rm -rf $(VENV)/share/jupyter/labextensions/rumbo-lab
	cp -r $(LABEXT) $(VENV)/share/jupyter/labextensions/rumbo-lab
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the course (only when something changed)

lab: setup ## open the course in JupyterLab (Spanish interface) on 127.0.0.1
	RUMBO_LANG=es $(BIN)/jupyter lab --config=jupyter/jupyter_lab_config.py --ServerApp.ip=127.0.0.1 \
	  --ServerApp.port=$(PORT) $(ALLOW_ROOT)

# The English edition: course/en/ (built by `make outputs`), JupyterLab's menus in English, and
# RUMBO_LANG=en for the server and the kernels it starts (jupyter/jupyter_lab_config.py).
COURSE_EN ?= course/en
lab-en: setup ## open the English edition (course/en) in JupyterLab, with English menus
	@if [ ! -d "$(COURSE_EN)" ]; then \
	  echo "The English edition is not built yet: $(COURSE_EN)/ is missing. Build it with 'make outputs', then run 'make lab-en' again." >&2; \
	  echo "(La edición en inglés aún no está generada: falta $(COURSE_EN)/. Para el curso en español: make lab)" >&2; \
	  exit 1; fi
	RUMBO_LANG=en $(BIN)/jupyter lab --config=jupyter/jupyter_lab_config.py --ServerApp.ip=127.0.0.1 \
	  --ServerApp.port=$(PORT) $(ALLOW_ROOT)

# configurable-http-proxy for `rumbo hub start`: npm, inside the project (exact versions: package-lock.json).
PROXY := node_modules/.bin/configurable-http-proxy
$(PROXY): package.json package-lock.json
	npm ci --prefix . --no-audit --no-fund --loglevel=error
	touch $(PROXY)

hub: setup $(PROXY) ## what `rumbo hub start` needs (JupyterHub from PyPI, its proxy from npm)

app: setup ## the course as a code-free web app (Voilà) on 127.0.0.1:$(APP_PORT)
	$(BIN)/rumbo app --port $(APP_PORT)

# Debian packages: Chromium (browser tests), poppler-utils (PDF pages), Pango (WeasyPrint PDFs),
# Node.js and npm (the hub's proxy), python3-venv (the Python learners' servers run as other users).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null || ! ldconfig -p | grep -q libpangoft2 || ! command -v npm >/dev/null || ! /usr/bin/python3 -c 'import ensurepip' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core fonts-noto-color-emoji libpango-1.0-0 libpangoft2-1.0-0 nodejs npm python3-venv >/dev/null; \
	  else echo "Faltan paquetes de Debian: sudo apt-get install chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 nodejs npm python3-venv"; fi; \
	fi

test: setup system-deps $(PROXY) ## every check: unit, widgets, data, notebooks, grading, browser, hub
	$(BIN)/python -m pytest tests --durations=10

test-fast: setup ## only the quick tests (no notebooks, grading, browser or hub)
	$(BIN)/python -m pytest tests -m "not notebooks and not grading and not browser and not hub"

data: setup ## regenerate datasets/ from the seeded generator
	$(BIN)/python -m rumbo.data.generator --out datasets

english: setup ## build the English edition (course/en, solutions/en_*) from the Spanish notebooks and locale/en
	$(BIN)/python tools/notebook_i18n.py build
	$(BIN)/rumbo app build --out app

outputs: setup english ## execute course and solution notebooks (both editions) from a fresh kernel, store outputs
	$(BIN)/python tools/notebooks.py execute $(NOTEBOOKS)

exercises: setup english ## regenerate exercises/ from solutions/ with nbgrader (both editions)
	for a in $(ASSIGNMENTS); do $(BIN)/nbgrader generate_assignment $$a --force --no-db --log-level=WARN || exit 1; done

bench: setup ## widget latency, notebook run time, browser times (figures, not pass/fail)
	PYTHONPATH=. $(BIN)/python -m pytest benchmarks -o python_files='bench_*.py' --benchmark-only --benchmark-columns=median,max,rounds -q
	$(BIN)/python benchmarks/notebook_times.py
	$(BIN)/python benchmarks/browser_times.py --repeat 10

labextension: setup ## rebuild the rumbo-lab JupyterLab extension from jupyter/labextension (needs node and npm)
	$(BIN)/python tools/labextension.py build
	$(MAKE) setup

lab-catalogs: setup ## compile the JupyterLab catalogs (.po -> .json) in src/rumbo/apps/lab_translations
	$(BIN)/python -m rumbo.apps.lab_translations

lint: setup ## ruff (pinned): the errors that are bugs (pyflakes, syntax), as pyproject.toml sets
	$(BIN)/ruff check src tests tools benchmarks datasets

lock: $(BIN)/python ## re-resolve the newest versions allowed by pyproject.toml into constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade -e ".[test]"
	(echo "# Exact versions installed by make (pip -c). Ranges live in pyproject.toml."; \
	 echo "# Regenerate: make lock"; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^rumbo' | sort -f) > constraints.txt

clean: ## remove caches and generated test folders (keeps .venv)
	rm -rf .pytest_cache .hypothesis .benchmarks test-artifacts .nbgrader-gradebook.db
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
