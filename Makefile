# The README's two commands: `make run` (index data/ and serve) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run demo test check quick bench bench-quick browser-deps axe clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/minutes index data/minutes
	$(VENV)/bin/minutes serve

# A generated archive of 3,000 meetings in every layout, served with a banner on every page saying
# so (示例数据): the facets, trends, people and departments pages with something to show.
DEMO ?= data/synth/demo
demo: install
	@test -f $(DEMO)/.complete || { $(VENV)/bin/minutes synth --count 3000 --layout mixed --out $(DEMO) && touch $(DEMO)/.complete; }
	$(VENV)/bin/minutes index $(DEMO) --index data/demo-index
	MINUTES_DEMO=1 $(VENV)/bin/minutes serve --index data/demo-index

# Lint and format (ruff), types (mypy), import contracts (import-linter; setup.cfg), then every test.
test: check axe
	$(PY) -m pytest

check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The quick loop while working: the checks and the tests not marked slow or browser.
quick: check
	$(PY) -m pytest -m "not slow and not browser"

# axe-core from the npm registry, injected by the accessibility tests (tests/test_accessibility.py).
AXE := .axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE):
	npm install --no-audit --no-fund --silent --prefix .axe axe-core@4.14.1

# Debian's Chromium and a Chinese font for the browser tests (needs root; CI runs it).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi wenquanyi; then \
		apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei; fi

clean:
	rm -rf $(VENV) data/index *.egg-info

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) -m bench --meetings 10000

bench-quick: $(BENCH_STAMP)
	$(PY) -m bench --meetings 1000
