# Two commands matter: `make demo` and `make test` (see README.md). Both work on a fresh Debian
# machine with Python 3.11 and the package registries only.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | md5sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint messages system-deps lock bench bench-dossiers clean

# Debian packages: gettext (compilemessages), fonts with full Vietnamese glyphs for PDFs
# (fonts-liberation 1.x lacks them), poppler-utils (tests read rendered PDFs), pango (WeasyPrint),
# chromium (the officers' workspace browser tests drive it through Playwright; never `playwright install`).
# clamav-daemon: the upload check's antivirus hook; its tests start clamd with a signature file they
# write themselves (no definitions are downloaded; freshclam is never run).
DEB_PACKAGES := gettext fonts-liberation2 fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium clamav-daemon
system-deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

messages: system-deps $(STAMP)
	cd motcua && ../$(BIN)/django-admin compilemessages --ignore=.venv >/dev/null

demo: messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "MotCua demo: open http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=motcua.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: messages lint
	mkdir -p var
	DJANGO_SETTINGS_MODULE=motcua.settings.test $(BIN)/pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/workcal_bench.py

# Re-pin after changing pyproject.toml's dependency ranges.
lock:
	rm -rf .lockenv && $(PY) -m venv .lockenv && .lockenv/bin/pip install -q ".[dev,bench]" \
	  && .lockenv/bin/pip freeze --exclude motcua > requirements.lock && rm -rf .lockenv

clean:
	rm -rf $(VENV) var

# Dossier benchmarks (issue 4) on a dedicated PostgreSQL database: load BENCH_COUNT dossiers (when
# missing), then API intake under locust and the officers' / public read latencies; see bench/README.md.
#   make bench-dossiers DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench [BENCH_COUNT=20000]
BENCH_COUNT ?= 1000000
BENCH_ARGS ?=
bench-dossiers: messages
	@test -n "$(DATABASE_URL)" || (echo "DATABASE_URL: a dedicated benchmark database, e.g. postgres://postgres@127.0.0.1:5432/motcua_bench"; exit 2)
	$(BIN)/python bench/dossiers_load.py run --database-url "$(DATABASE_URL)" --count $(BENCH_COUNT) $(BENCH_ARGS)
