# Common Ground — the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
NHSUK_FRONTEND_VERSION := 10.6.1
# The demo looks as an NHS organisation's site would (NHS logo); a real deployment says who runs it.
RUN_ENV := DJANGO_DEBUG=true SITE_OPERATOR_IS_NHS=true SITE_OPERATOR_NAME="Demo NHS Trust (a demonstration)"

.PHONY: install run test test-fast coverage worker beat assets lint typecheck format lock up migrate seed clean

# Recreated when the pinned requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (looked for $(PYTHON))."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

# Local development settings for plain `manage.py` commands; never committed or shipped.
.env:
	printf '# Local development only: written by make install, ignored by git and the image.\nDJANGO_DEBUG=true\n' > $@

install: $(VENV)/.installed .env ## Create .venv, install pinned dependencies, write a local .env

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo

run: seed ## Migrate, load demo data and serve http://127.0.0.1:8000
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# One test process per core (pytest-xdist); PYTEST_WORKERS=0 runs them all in this one.
PYTEST_WORKERS ?= auto

test: install ## Run the whole suite (browser tests too where Chromium is installed)
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-fast: install ## The suite without browser tests
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not e2e" $(PYTEST_ARGS)

# Slower than make test (every line executed is recorded), so it is a target of its own.
coverage: install ## The whole suite with line coverage; fails below the floor in pyproject.toml
	$(PY) -m pytest -n $(PYTEST_WORKERS) --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

# Without a broker, tasks already run inside the web process: a worker would wait on nothing.
NEED_BROKER = @test -n "$${CELERY_BROKER_URL:-$$REDIS_URL}" || { echo "Set CELERY_BROKER_URL (or REDIS_URL), e.g. redis://127.0.0.1:6379/0, here and for make run."; exit 1; }
# Debug on by default, like make run; production sets DJANGO_DEBUG=false and a secret key.
WORKER_ENV = DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

worker: install ## A Celery worker (needs CELERY_BROKER_URL or REDIS_URL)
	$(NEED_BROKER)
	$(WORKER_ENV) $(PY) -m celery -A config worker --loglevel=INFO

beat: install ## Celery beat, the periodic scheduler (needs CELERY_BROKER_URL or REDIS_URL)
	$(NEED_BROKER)
	$(WORKER_ENV) $(PY) -m celery -A config beat --loglevel=INFO

assets: ## Refresh the vendored NHS.UK frontend from npm (needs npm)
	NHSUK_FRONTEND_VERSION=$(NHSUK_FRONTEND_VERSION) bash scripts/vendor_nhsuk_frontend.sh

lint: install ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The django-stubs plugin imports the settings, which need a secret key unless debug is on.
typecheck: install ## mypy: the whole project, strict for services, selectors, rules and the write contract
	DJANGO_DEBUG=true $(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: ## Regenerate pinned requirements from requirements*.in
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

up: ## Run the production-shaped stack with docker compose
	docker compose up --build

clean:
	rm -rf $(VENV) staticfiles test-artifacts .mypy_cache .coverage htmlcov
