# discourse — all set-up is done by these targets; each is idempotent.
#   make figures   execute every notebook headless and regenerate figures/  (main job)
#   make test      lint + import contract, then the test suite (unit tests, notebooks, browser)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.discourse-installed

.PHONY: all figures test test-pythons bench eval dashboard frog lint clean-cache venv check-corpus lab annotation

all: figures

# (Re)install only when pyproject.toml changed or the venv is missing.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python tools/clean_notebooks.py --install
	@touch $(STAMP)

venv: $(STAMP)

# JupyterLab on the notebooks; saving keeps notebooks/ output-free (.jupyter/ config).
lab: $(STAMP)
	$(BIN)/jupyter lab

figures: $(STAMP)
	$(BIN)/python tools/run_notebooks.py

test: lint
	$(BIN)/python -m pytest

# The import and the fast tests (not browser, not slow) on every other CPython 3.10-3.13
# installed here, each in its own .venv-3.X; prints which versions ran and which were absent.
test-pythons:
	tools/test_pythons.sh

# What the toolkit makes of a corpus folder before you trust it: per document the segments
# and words per role, the cleaning actions and every warning.  make check-corpus DIR=path
DIR ?= data
check-corpus: $(STAMP)
	$(BIN)/python -m discourse check $(DIR)

# Re-parse the bundled letters with Frog into data/annotation/ (CoNLL-U) after a change of
# the letters, cleaning, segmentation or the Frog adapter; commit the folder afterwards.
annotation: $(STAMP)
	$(BIN)/python tools/make_annotation.py

bench: $(STAMP)
	$(BIN)/python -m bench

eval: $(STAMP)
	$(BIN)/python bench/eval_ud.py

# Widgets-only app (no code shown) for readers: http://127.0.0.1:8866 (Ctrl-C stops it;
# DASHBOARD_PORT=... picks another port). At most DASHBOARD_KERNELS pages run at once (more
# get HTTP 503); kernels of closed pages are culled after 5 min.
DASHBOARD_PORT ?= 8866
DASHBOARD_KERNELS ?= 4
dashboard: $(STAMP)
	$(BIN)/voila notebooks/dashboard.ipynb --no-browser --Voila.ip=127.0.0.1 \
	  --port=$(DASHBOARD_PORT) \
	  --VoilaConfiguration.multi_kernel_manager_class=discourse.widgets.kernels.CappedKernelManager \
	  --CappedKernelManager.max_kernels=$(DASHBOARD_KERNELS) \
	  --MappingKernelManager.cull_idle_timeout=300 --MappingKernelManager.cull_interval=60

# Frog (Dutch NLP suite, offline, from Debian). Installs it when run as root with apt;
# otherwise prints what to run.
frog:
	@if command -v frog >/dev/null 2>&1; then echo "frog: $$(command -v frog)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq frog frogdata; \
	else echo "Frog is not installed. Run: sudo apt-get install frog frogdata"; fi

# House rules CI checks: lint, formatting and the import contract (pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check discourse tests bench tools
	$(BIN)/ruff format --check discourse tests bench tools
	$(BIN)/lint-imports

clean-cache:
	rm -rf .cache/discourse
