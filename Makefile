# One target per job, used alike by people and by .ci/run. Needs only Python 3.10+ and make;
# everything else is installed by the targets themselves (see README.md).
#
#   make demo       set up, then run the demo app on http://127.0.0.1:8080
#   make test       set up, then ruff check, ruff format --check, mypy --strict, and pytest
#                   twice: with the hot paths compiled by mypyc, and as pure Python
#   make compiled   compile the modules of compiled-modules.txt in place (part of setup)
#   make lint       ruff check and ruff format --check
#   make format     apply ruff's fixes and formatting
#   make typecheck  mypy --strict on src/wirehttp
#   make bench      run benchmarks/run.py
#   make bench-client  run benchmarks/client_bench.py (wirehttp vs aiohttp ClientSession)
#   make bench-ws   run benchmarks/ws_bench.py (WebSocket echo round trips, both frameworks)
#   make clean      remove caches and build output; `make distclean` also removes .venv

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PYTEST_ARGS ?=

# nginx and friends live in /usr/sbin, which a normal user's PATH may leave out.
export PATH := $(CURDIR)/$(BIN):$(PATH):/usr/sbin:/usr/local/sbin

# The venv is rebuilt only when the files that say what goes into it change: the stamp's name
# carries a hash of them, so a stale stamp simply does not match.
REQUIREMENTS := pyproject.toml requirements-test.txt
REQ_HASH := $(shell $(PYTHON) -c "import hashlib,sys; h=hashlib.sha256(); [h.update(open(f,'rb').read()) for f in sys.argv[1:]]; print(h.hexdigest()[:16])" $(REQUIREMENTS))
STAMP := $(VENV)/.installed-$(REQ_HASH)

# Steps depend on one another (apt before venv before checks); never run them in parallel.
.NOTPARALLEL:

.PHONY: demo test lint format typecheck pytest bench bench-client bench-ws setup venv compiled system-deps check-peers clean distclean

demo: venv compiled
	$(PY) -m examples.demo_app

test: setup
	@failed=""; \
	echo "==> ruff check"; $(BIN)/ruff check . || failed="$$failed ruff-check"; \
	echo "==> ruff format --check"; $(BIN)/ruff format --check . || failed="$$failed ruff-format"; \
	echo "==> mypy --strict src/wirehttp"; $(BIN)/mypy || failed="$$failed mypy"; \
	echo "==> pytest, hot paths compiled"; \
	WIREHTTP_EXPECT_COMPILED=1 $(PY) -m pytest --durations=15 $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests, which counts as a failure"; fi; \
	if [ $$rc -ne 0 ]; then failed="$$failed pytest-compiled(exit-$$rc)"; fi; \
	echo "==> pytest, pure Python (WIREHTTP_NO_EXTENSIONS=1)"; \
	WIREHTTP_NO_EXTENSIONS=1 $(PY) -m pytest --durations=5 $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests, which counts as a failure"; fi; \
	if [ $$rc -ne 0 ]; then failed="$$failed pytest-pure(exit-$$rc)"; fi; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; \
	echo "make test: all checks passed"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: venv
	$(BIN)/mypy

# Only pytest, for a quick loop while working: `make pytest PYTEST_ARGS="-k parser -x"`.
# It runs the compiled build; prefix WIREHTTP_NO_EXTENSIONS=1 for the pure-Python one.
pytest: setup
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests, which counts as a failure"; fi; \
	exit $$rc

bench: setup
	$(PY) benchmarks/run.py

bench-client: setup
	$(PY) benchmarks/client_bench.py

bench-ws: setup
	$(PY) benchmarks/ws_bench.py

# Everything the test suite needs: system peers, the venv, the compiled hot paths, and a check
# that nothing is missing (a missing peer fails when CI=true).
setup: system-deps venv compiled check-peers

# The hot-path modules listed in compiled-modules.txt, compiled by mypyc (setup.py) in place,
# each beside its source. Redone whenever any source changes, as compiled code relies on the
# types of the modules around it too; stale builds of modules no longer listed are removed.
# `pip install -e` in the venv step stays pure Python (WIREHTTP_NO_EXTENSIONS=1); this is the
# one place that builds.
COMPILED_STAMP := build/.compiled
SOURCES := $(shell find src/wirehttp -name '*.py' 2>/dev/null)

compiled: $(COMPILED_STAMP)

$(COMPILED_STAMP): $(STAMP) setup.py compiled-modules.txt $(SOURCES)
	@find src -name '*.so' -delete
	@mkdir -p build
	@echo "==> mypyc: compiling the modules of compiled-modules.txt (about 30 s)"
	@$(PY) setup.py --quiet build_ext --inplace >build/mypyc.log 2>&1 || \
		{ tail -40 build/mypyc.log; echo "mypyc build failed (full log: build/mypyc.log)"; exit 1; }
	@# A module whose C did not change is copied from build/ with its old time; the test suite
	@# compares build and source times (tests/conftest.py), so mark them all as built now.
	@find src -name '*.so' -exec touch {} +
	@touch $@

system-deps:
	@PYTHON=$(PYTHON) bash scripts/install_system_deps.sh

check-peers: venv
	@$(PY) scripts/check_peers.py

venv: $(STAMP)

$(STAMP): $(REQUIREMENTS)
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info < (3, 10))" || \
		{ echo "wirehttp needs Python 3.10 or newer; $(PYTHON) is older (set PYTHON=...)"; exit 1; }
	@# A venv without a working pip (say, left by a failed `venv` lacking ensurepip) is redone.
	@if ! $(PY) -m pip --version >/dev/null 2>&1; then \
		PYTHON=$(PYTHON) bash scripts/install_system_deps.sh; \
		rm -rf $(VENV); $(PYTHON) -m venv $(VENV); \
	fi
	$(PY) -m pip install --disable-pip-version-check --quiet --upgrade pip
	WIREHTTP_NO_EXTENSIONS=1 $(PY) -m pip install --disable-pip-version-check --quiet -e . -r requirements-test.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

clean:
	rm -rf build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
	find src -name '*.so' -delete
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -f $(VENV)/.installed-*

distclean: clean
	rm -rf $(VENV)
