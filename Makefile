# Evidence Desk — `make run` serves the demo, `make test` runs the whole suite.
# PYTHON=/path/to/python3.12+ overrides the search below.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter that really is Python >= 3.12 (pyenv shims may exist and fail).
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	if $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v $$c; break; fi; done)

.PHONY: help venv install install-test run demo migrate test test-sqlite test-postgres lint format check clean serve worker bench bench-peer bench-survival drill-leaks soak backup restore

help:
	@echo "make run    set up and serve the demo at http://$(HOST):$(PORT)/ (SQLite, demo accounts)"
	@echo "make test   install test tools and run the whole suite"
	@echo "make lint   ruff check and format check"
	@echo "make serve  production mode: collectstatic, then gunicorn (needs DJANGO_SECRET_KEY; see README)"
	@echo "make worker production background worker and scheduler (e-mail, webhooks, scheduled publishing)"
	@echo "make bench  seed a PostgreSQL benchmark database and measure the site with wrk (docs/benchmarks.md)"
	@echo "make bench-peer  the same site beside the Wagtail peer, one run (../shared/peer-wagtail, ~12 min)"
	@echo "make bench-survival  publish one article on 2,000 and count the pages and API items that stay cached"
	@echo "make drill-leaks [ACTIONS=1000] [SEED=1]  random workflow through the admin, every public surface checked"
	@echo "make backup / make restore [FILE=…] [FORCE=1]   back up or restore the whole library"

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "Evidence Desk needs Python 3.12 or newer (Django 6). Install it (e.g. 'pyenv install 3.13' or your"; \
		echo "system's python3.13 package), or run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.13"; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

venv: $(PY)

install: $(PY)
	$(PY) -m pip install --quiet -e .

install-test: $(PY)
	$(PY) -m pip install --quiet -e ".[test]"

migrate: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py load_demo

# The demo server, with the background worker (e-mail, webhooks, scheduled publishing) and its scheduler
# beside it; stopping make stops all three.
run: demo
	@echo "Demo at http://$(HOST):$(PORT)/ — admin at /admin/ (writer@example.com / demo-pass-2026)"
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-True} EVIDENCE_SITE_URL=$${EVIDENCE_SITE_URL:-http://$(HOST):$(PORT)}; \
	$(PY) manage.py run_worker --no-reload --interval 2 & worker=$$!; \
	$(PY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-test
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2}

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-test
	DJANGO_DEBUG=True $(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=False DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
		DJANGO_ALLOWED_HOSTS=evidence.example.org EMAIL_URL=smtp+tls://mailer:secret@smtp.example.org:587 $(PY) manage.py check --deploy --fail-level WARNING

# Back up the whole library to backups/evidence-desk-<time>.backup.gz (set DATABASE_URL for PostgreSQL).
backup: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py backup_library

# Restore into a migrated, empty database: make restore [FILE=backups/….backup.gz] [FORCE=1 to replace what is there]
restore: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py restore_library $(FILE) $(if $(FORCE),--replace-existing)

# Production mode (README, "Serve in production"): compressed, fingerprinted static files, then gunicorn
# with config/gunicorn.conf.py. The secret comes from the environment or from .env.
serve: install
	@if [ -z "$$DJANGO_SECRET_KEY" ] && ! grep -qs '^DJANGO_SECRET_KEY=.' .env; then \
		echo "make serve runs in production mode and needs DJANGO_SECRET_KEY, in the environment or in .env."; \
		echo "Make one with: $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))'"; exit 1; fi
	@DJANGO_DEBUG=False $(PY) manage.py migrate --check >/dev/null 2>&1 || { \
		echo "The database has unapplied migrations (or cannot be reached): run DJANGO_DEBUG=False $(PY) manage.py migrate"; \
		exit 1; }
	DJANGO_DEBUG=False $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=False HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c config/gunicorn.conf.py

# Production's other two processes (README, "Serve in production"): the task worker and its scheduler, run
# beside `make serve` with the same environment. Each can also run alone, e.g. under systemd.
worker: install
	@export DJANGO_DEBUG=False; \
	$(PY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py run_worker --no-reload

# Seeds BENCH_DATABASE_URL (default: evidence_bench on the local PostgreSQL), serves it with gunicorn on
# loopback and measures with wrk; results in bench/results/. See docs/benchmarks.md for the options.
bench: install
	@command -v wrk >/dev/null || { echo "Installing wrk (apt-get install -y wrk)…"; apt-get install -y wrk >/dev/null 2>&1; } \
		|| { echo "make bench needs wrk: install it with your package manager (apt-get install wrk)."; exit 1; }
	$(PY) -m bench.run

# Evidence Desk beside the Wagtail peer in one run (../shared/peer-wagtail); the table in docs/benchmarks.md.
bench-peer: install
	bash bench/peer.sh

# Publish one article on a seeded library of 2,000 and count what kept its ETag and kept copy (docs/benchmarks.md).
bench-survival: install
	$(PY) -m bench.survival

# Random workflow actions through the admin, every public surface searched for unpublished words after each
# (docs/security.md, "No leak through side doors"); exits 1 on any leak.
drill-leaks: install
	$(PY) -m bench.leaks.drill --actions $${ACTIONS:-1000} --seed $${SEED:-1}

# import_retractions on a synthetic 60,000-row Retraction Watch file: time and peak memory (docs/benchmarks.md).
.PHONY: bench-retractions
bench-retractions: install
	$(PY) -m bench.retractions

# A bounded soak on loopback: steady rate for a few minutes, no errors, flat memory (docs/reliability.md).
soak: install
	$(PY) -m bench.soak --minutes $${SOAK_MINUTES:-3} --rate $${SOAK_RATE:-30}

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
