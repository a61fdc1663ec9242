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
# zbar-tools: the tests read the QR codes of flyer PDFs.
TEST_DEBS := $(RUN_DEBS) chromium zbar-tools

.PHONY: run test venv setup-run messages lint lock bench clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	@echo "Installing Python packages (requirements.lock)…"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

messages: venv
	@$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity=0

run: export DJANGO_SETTINGS_MODULE = cms.settings.dev
run: venv
	@bin/ensure-debian-packages "PDF rendering and translations" $(RUN_DEBS)
	@$(MAKE) --no-print-directory messages
	@$(BIN)/python manage.py migrate --verbosity=0
	@$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  (user: admin, password: changeme-demo)"
	@echo "  Mail:   var/mail/*.eml"
	@echo "  Stop everything with Ctrl-C."
	@echo ""
	@NOC_HOST=$(HOST) NOC_PORT=$(PORT) exec $(BIN)/honcho -f Procfile.dev start

test: export DJANGO_SETTINGS_MODULE = cms.settings.test
test: venv
	@bin/start-services
	@bin/ensure-debian-packages "PDF rendering, translations and browser tests" $(TEST_DEBS)
	@$(MAKE) --no-print-directory messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	@bin/check-deploy
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate requirements.lock from pyproject.toml in a throwaway venv.
lock:
	rm -rf /tmp/noc-lock && $(PYTHON) -m venv /tmp/noc-lock
	/tmp/noc-lock/bin/pip install --quiet --upgrade pip
	/tmp/noc-lock/bin/pip install --quiet ".[test]"
	/tmp/noc-lock/bin/pip freeze --exclude networks-of-care | sort > requirements.lock
	rm -rf /tmp/noc-lock

bench: venv
	@bin/start-services
	@bin/ensure-debian-packages "benchmarks" wrk $(RUN_DEBS)
	@$(MAKE) --no-print-directory messages
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/reminders.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/flyers.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
