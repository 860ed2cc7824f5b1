# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets serve bench bench-scale screenshots lint clean translations

install: $(PY_STAMP) $(NODE_STAMP) assets translations

$(PY_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("CCT needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# copy the GOV.UK Frontend and htmx builds into static/vendor (served locally)
assets: $(NODE_STAMP)
	mkdir -p static/vendor
	rm -rf static/vendor/govuk
	cp -R node_modules/govuk-frontend/dist/govuk static/vendor/govuk
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

# compile the English and Welsh message catalogues (.po → .mo; the app compiles in memory if missing)
translations: $(PY_STAMP)
	$(BIN)/pybabel compile -d app/translations -D messages

run: install
	$(BIN)/cct db upgrade
	$(BIN)/cct demo --if-empty
	$(BIN)/cct serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -m "not browser"

bench: install
	$(BIN)/python -m bench

# PostgreSQL at 100,000 families (BENCH_SCALE_FAMILIES): page times against 100 families; not in CI
bench-scale: install
	$(BIN)/python -m bench.scale

screenshots: install
	$(BIN)/python -m bench.screenshots

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules static/vendor
