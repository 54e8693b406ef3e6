# The two commands: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every processor (up to four), each file whole on one of them so its module
# fixtures are made once. `make test PYTEST_ARGS=path/to/test.py` runs just that, in one process.
PYTEST_ARGS ?= -n auto --maxprocesses 4 --dist loadfile

.PHONY: run test install install-test assets migrate demo serve worker lint check clean bench

run: install assets migrate demo serve

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e ".[bench]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

safeguarding/static/build/app.css: node_modules/.installed assets/scss/app.scss
	npm run --silent build

assets: safeguarding/static/build/app.css

migrate: install
	$(PY) manage.py migrate --noinput

# Loads the demo partnerships only into a database that holds none yet: a second run keeps data.
demo: migrate
	$(PY) manage.py load_demo --if-empty

serve:
	@echo "Serving on http://$(HOST):$(PORT) (background tasks run in a worker beside it)"
	$(PY) manage.py db_worker --queue-name "*" --interval 2 & \
	  WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check safeguarding
	$(BIN)/lint-imports

# pytest exits 5 when it collected no tests: a run that tested nothing fails, and says why.
# Then the security checks: bandit (no high-severity finding in the application's code; its
# settings are in pyproject.toml) and pip-audit over constraints.txt (a known vulnerability
# fails; only an advisory database out of reach is forgiven, and said: docs/security.md).
test: install-test assets lint
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing the run" >&2; fi; \
	  exit $$status
	$(BIN)/bandit -c pyproject.toml -r safeguarding --severity-level high --quiet
	$(PY) -m safeguarding.testing.dependency_audit constraints.txt

# Measure the platform at sizes S and L (docs/scaling.md): gunicorn on PostgreSQL, driven by
# Locust, with each page's queries counted; the table goes to docs/bench-results.md. The database
# is emptied first, so its name must say bench. BENCH_SCALE=0.1 runs L's shape at a tenth.
bench: $(VENV)/.installed-bench assets
	@case "$(DATABASE_URL)" in postgres*) ;; *) echo "make bench needs DATABASE_URL=postgres://user:password@host/safeguarding_bench" >&2; exit 2;; esac
	$(PY) -m safeguarding.testing.bench

clean:
	rm -rf $(VENV) node_modules safeguarding/static/build staticfiles
