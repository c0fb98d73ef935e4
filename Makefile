# The README's two commands: `make demo` and `make test`. Each sets itself up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90

.PHONY: install demo test lint lock bench clean browser

install: $(STAMP)

# Re-runs only when the lock or the project metadata changed.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/evclaims demo --out out

test: install browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# The HTML report is tested in a real headless browser: Debian's chromium (needs root to install).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; the browser test will not run"; \
	  else echo "warning: chromium missing (apt-get install chromium); the browser test will not run"; fi; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Regenerate the lock from pyproject.toml in a throwaway venv (run by hand after changing dependencies).
lock:
	rm -rf /tmp/evclaims-lock && $(PYTHON) -m venv /tmp/evclaims-lock
	/tmp/evclaims-lock/bin/pip install --quiet --upgrade "pip>=24"
	/tmp/evclaims-lock/bin/pip install --quiet ".[dev]"
	/tmp/evclaims-lock/bin/pip freeze --exclude evclaims | LC_ALL=C sort > requirements.lock

bench: install
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_flows.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_reconcile.py
	$(BIN)/python benchmarks/bench_slow_site.py
	$(BIN)/python benchmarks/bench_quantities.py

clean:
	rm -rf out .pytest_cache .ruff_cache
