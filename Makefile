# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint audit browser screenshots test-unit test-contract test-integration install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium (no browser download is possible here); CJK fonts so pages render.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
		$$SUDO apt-get update -q && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	fi

install: $(STAMP)

run: $(STAMP)
	$(BIN)/renda run

test: lint browser
	$(BIN)/pytest tests

bench: $(STAMP)
	$(BIN)/renda bench

lint: $(STAMP)
	$(BIN)/ruff check shared services renda tests
	$(BIN)/mypy shared services renda

# Known vulnerabilities in the pinned dependencies (needs a route to PyPI's advisory data or OSV).
audit: $(STAMP)
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --requirement constraints.txt --no-deps --disable-pip --strict

# The README's screenshots of the staff pages, taken by the browser tests on the demo data.
screenshots: $(STAMP) browser
	RENDA_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest tests/e2e/test_web_pages.py

test-unit: $(STAMP)
	$(BIN)/pytest tests -m "not integration"

test-contract: $(STAMP)
	$(BIN)/pytest tests/contract

test-integration: $(STAMP)
	$(BIN)/pytest tests -m integration

clean:
	rm -rf var test-artifacts
