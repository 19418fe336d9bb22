# One entry point. `make run` starts the portal with the demo network;
# `make test` runs the test suite. Both install what they need first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

.PHONY: run test install browser pdf-libs audit-tools lint messages check-messages bench bench-fanout clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install browser pdf-libs audit-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# Browser tests use Debian's Chromium; as root on Debian, install it if missing.
browser:
	@if [ ! -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "note: no Chromium at $${CHROMIUM_PATH:-/usr/bin/chromium}: browser tests will be skipped"; \
	  fi; \
	fi

# The strategy PDF (WeasyPrint) needs Pango, HarfBuzz and fonts with the Bambara letters;
# as root on Debian, install them if missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@missing=""; for p in $(PDF_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "note: not installed:$$missing (strategy PDF); without Pango its tests are skipped"; \
	  fi; \
	fi

# The auditors' tools of tests/audit: the W3C HTML checker (vnu-jar, needs Java) and axe-core,
# pinned in package.json and package-lock.json. As root on Debian, install Java if missing
# (Debian's JRE fails to configure where /usr/share/man/man1 is missing, as in slim images).
# npm ci runs no install script: vnu-jar's would download a Java of its own.
audit-tools: $(NODE_STAMP)
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    mkdir -p /usr/share/man/man1; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "note: no java: the HTML validity test will be skipped"; \
	  fi; \
	fi

$(NODE_STAMP): package.json package-lock.json
	@if command -v node >/dev/null && command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "note: no node and npm: the accessibility and HTML validity tests will be skipped"; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Extract the strings of the code and templates into locale/*/LC_MESSAGES/django.po
# (needs GNU gettext), then compile the committed .mo files.
messages: install
	$(PY) manage.py makemessages --locale fr --locale en --locale bm --ignore ".venv/*" --ignore "bench/*" --ignore "tests/*" --no-obsolete
	$(PY) manage.py compilemessages --ignore ".venv/*"

# What CI checks: every catalog passes msgfmt --check (needs GNU gettext).
check-messages:
	for po in $$(git ls-files 'locale/*.po'); do msgfmt --check --output-file=/dev/null $$po || exit 1; done

bench: install
	$(PY) bench/run.py

bench-fanout: install
	$(PY) bench/fanout.py

clean:
	rm -rf $(VENV) staticfiles node_modules
