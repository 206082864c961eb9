# Two commands a newcomer needs: `make run` and `make test`. Both are safe to rerun.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The port `make run` serves on (`make run PORT=8123`); the addresses it prints and the links in its emails follow it.
PORT ?= 8000
SITE_URL := $(or $(RECONNECT_SITE_URL),http://127.0.0.1:$(PORT))

# The default run and the test run need no environment of their own.
RUN_ENV := DJANGO_DEBUG=1 RECONNECT_SITE_URL=$(SITE_URL)
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_PLAIN_STATIC=1 \
	DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1

.PHONY: run test install lint messages clean bench-search bench-cluster bench-pages lock pfif-check browser-tools test-browser screenshots

# requirements-dev.txt holds every package, direct or not, for the run and the tests, each with its hashes.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

# After changing a pin in requirements.in or requirements-dev.in: compile both locks again, the run's first
# (the tests' lock takes it as constraints, so both agree on every shared package).
PIP_COMPILE := $(PY) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip-tools==7.6.2
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

install: $(STAMP)

run: $(STAMP)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo ""
	@echo "  Reconnect is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Moderation (Django admin): http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo member:    member@example.com    / reconnect-demo"
	@echo "  Demo moderator: moderator@example.com / reconnect-demo"
	@echo "  Emails (sign-up verification, leads) are printed in this terminal."
	@echo ""
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest -n $(or $(TEST_WORKERS),auto) $(PYTEST_ARGS)

# The browser suite's tools from npm, pinned: axe-core (accessibility rules) and vnu-jar (the Nu Html Checker,
# run with the machine's Java 17), in .ci/node/ (git-ignored). Install scripts are skipped: vnu-jar's would
# fetch a Java of its own. The browser is Debian's Chromium (apt-get install chromium fonts-noto-cjk), never one
# downloaded by Playwright.
AXE_CORE_VERSION := 4.14.1
VNU_JAR_VERSION := 26.9.27
NODE_TOOLS_STAMP := .ci/node/.installed-axe-core-$(AXE_CORE_VERSION)-vnu-jar-$(VNU_JAR_VERSION)
$(NODE_TOOLS_STAMP):
	rm -rf .ci/node
	npm install --prefix .ci/node --no-save --no-audit --no-fund --ignore-scripts \
		axe-core@$(AXE_CORE_VERSION) vnu-jar@$(VNU_JAR_VERSION)
	touch $(NODE_TOOLS_STAMP)
browser-tools: $(NODE_TOOLS_STAMP)

# The journeys in headless Chromium, every page checked by axe-core and vnu (tests/browser/; one process).
# BROWSER_REQUIRED=1 (.ci/run) fails instead of skipping when Chromium, Java or the npm tools are missing.
test-browser: $(STAMP) browser-tools
	$(TEST_ENV) RECONNECT_BROWSER_REQUIRED=$(or $(BROWSER_REQUIRED),0) $(PY) -m pytest -n 0 -m browser -rs \
		tests/browser $(PYTEST_ARGS)

# docs/screenshots/*.png, the main pages at desktop and phone width in both languages (shown in the README).
screenshots: $(STAMP)
	$(TEST_ENV) $(PY) tests/browser/screenshots.py

# ruff; the import contracts in pyproject.toml (no cycles, accounts below posts, reconnect/ below both);
# the types of the services, permissions, search and moderation (mypy with django-stubs).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

messages: $(STAMP)
	$(RUN_ENV) $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=tests --ignore=bench
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles

# The search benchmark at 100,000 requests (minutes; see bench/README.md).
bench-search: $(STAMP)
	$(PY) bench/search_bench.py
	$(PY) bench/search_bench.py --postgres

# A 5-minute soak on a loopback cluster: 2 gunicorn servers, a worker, PostgreSQL, Redis, SeaweedFS (bench/README.md).
bench-cluster: $(STAMP)
	$(PY) bench/cluster.py $(BENCH_ARGS)

# Each page's req/s as a share of /healthz at 1k, 10k and 100k requests, anonymous and logged in (bench/README.md).
bench-pages: $(STAMP)
	$(PY) bench/pages.py $(BENCH_ARGS)

# Person Finder's own PFIF validator on this site's /pfif/ (PFIF 1.3, the newest it knows), from the local
# database (`make run` first). It is not part of the project: give a checkout of google/personfinder and a
# Python 2.7, e.g. `make pfif-check PFIF_TOOLS=../personfinder/tools/pfif-tools PFIF_PYTHON=python2.7`.
PFIF_TOOLS ?=
PFIF_PYTHON ?= python2.7
PFIF_FILE := pfif-1.3.xml
pfif-check: $(STAMP)
	@test -n "$(PFIF_TOOLS)" -a -f "$(PFIF_TOOLS)/app/pfif_validator.py" || \
		{ echo "Set PFIF_TOOLS to the tools/pfif-tools folder of a google/personfinder checkout."; exit 2; }
	$(RUN_ENV) $(PY) manage.py shell -c "from django.test import Client; \
		r = Client().get('/pfif/', {'version': '1.3', 'max_results': 500}, HTTP_HOST='127.0.0.1'); \
		open('$(PFIF_FILE)', 'wb').write(r.content)"
	cd $(PFIF_TOOLS)/app && PYTHONIOENCODING=utf-8 $(PFIF_PYTHON) pfif_validator.py $(CURDIR)/$(PFIF_FILE)
