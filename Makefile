# Two commands matter: `make demo` and `make test` (see README.md). Both work on a fresh Debian
# machine with Python 3.11 and the package registries only.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | md5sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint openapi messages system-deps lock bench bench-dossiers bench-portal-pages clean backup restore restore-drill security-check fault-db-restart

# Debian packages: gettext (compilemessages), fonts with full Vietnamese glyphs for PDFs
# (fonts-liberation 1.x lacks them), poppler-utils (tests read rendered PDFs), pango (WeasyPrint),
# postgresql-client (manage.py backup/restore: pg_dump, pg_restore), chromium (the officers' workspace browser tests drive it through Playwright; never `playwright install`).
# clamav-daemon: the upload check's antivirus hook; its tests start clamd with a signature file they
# write themselves (no definitions are downloaded; freshclam is never run).
DEB_PACKAGES := gettext postgresql-client fonts-liberation2 fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium clamav-daemon
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
	@echo "(DEBUG off: static files served by runserver --insecure; DEBUG=1 make demo for Django's debug pages)"
	$(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

# mypy with django-stubs ([tool.mypy] in pyproject.toml).
MYPY_PACKAGES := motcua/workcal motcua/calendars motcua/dossiers
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy $(MYPY_PACKAGES)
	DJANGO_SETTINGS_MODULE=motcua.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: messages lint
	mkdir -p var
	DJANGO_SETTINGS_MODULE=motcua.settings.test $(BIN)/pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/workcal_bench.py

# The portal's procedure page and public lookup under 16 clients (issue 11; bench/README.md): gunicorn
# on PostgreSQL, measured by wrk (a C client: Debian's package, installed here when missing).
#   make bench-portal-pages DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_portalbench [BENCH_ARGS="--page-cache off"]
BENCH_DEB_PACKAGES := wrk
bench-portal-pages: messages
	@test -n "$(DATABASE_URL)" || (echo "DATABASE_URL: a dedicated benchmark database, e.g. postgres://postgres@127.0.0.1:5432/motcua_portalbench"; exit 2)
	@missing=$$(for p in $(BENCH_DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	DATABASE_URL="$(DATABASE_URL)" $(BIN)/python bench/portal_pages.py $(BENCH_ARGS)

# The OpenAPI snapshot (docs/api/openapi-v1.yaml): regenerate after a change of the API, then write
# its entry in docs/api/CHANGELOG.md (motcua/core/tests/test_openapi_snapshot.py fails until then).
openapi: $(STAMP)
	DJANGO_SETTINGS_MODULE=motcua.settings.test $(BIN)/python manage.py openapi_snapshot

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

# --- Operations (issue 8; deploy/README.md) -----------------------------------------------------------
# Back up the database and every stored file into a new directory, with a manifest of sha256 sums:
#   make backup TO=/srv/backups/motcua-$$(date +%F)      make restore FROM=/srv/backups/motcua-2026-12-02
backup: $(STAMP)
	@test -n "$(TO)" || (echo "TO: the directory to create, e.g. make backup TO=/srv/backups/motcua-2026-12-02"; exit 2)
	$(BIN)/python manage.py backup --to "$(TO)"

restore: $(STAMP)
	@test -n "$(FROM)" || (echo "FROM: a directory written by make backup"; exit 2)
	$(BIN)/python manage.py restore --from "$(FROM)"

# The restore drill on PostgreSQL (DATABASE_URL; it fails on anything else): back up, destroy,
# restore, compare every table's rows and every file's sha256. Run by .ci/run.
restore-drill: messages
	@test -n "$(DATABASE_URL)" || (echo "DATABASE_URL: a PostgreSQL server (the drill uses test_<name> databases)"; exit 2)
	MOTCUA_RESTORE_DRILL_POSTGRES=1 DJANGO_SETTINGS_MODULE=motcua.settings.test \
	  $(BIN)/pytest -p no:cacheprovider tests/platform/test_restore_drill.py

# The security check: schemathesis over the whole OpenAPI schema (in-process WSGI, an anonymous client and
# a desk officer's session, derandomised), 0 server errors and 0 disagreements with the schema, then
# every test marked `security` (the login lockout and the throttles). CI runs the same schema test with
# 4 examples per operation inside `make test`; this target runs SECURITY_CHECK_EXAMPLES (default 50).
SECURITY_CHECK_EXAMPLES ?= 50
security-check: messages
	SECURITY_CHECK_EXAMPLES=$(SECURITY_CHECK_EXAMPLES) DJANGO_SETTINGS_MODULE=motcua.settings.test \
	  $(BIN)/pytest -p no:cacheprovider -m security tests/security motcua

# The fault test (issue 8; bench/README.md): 20 clients × 40 s of API intakes under gunicorn while the
# local PostgreSQL cluster restarts once (FAULT=restart: the machine's SHARED server; FAULT=terminate
# drops only this database's connections). Asserts 201/503 only, nothing lost or duplicated, no code gap.
# Not in CI.  make fault-db-restart DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_fault
FAULT ?= restart
fault-db-restart: messages
	@test -n "$(DATABASE_URL)" || (echo "DATABASE_URL: a database of your own on the local server"; exit 2)
	$(BIN)/python bench/fault_db_restart.py --database-url "$(DATABASE_URL)" --fault $(FAULT)
