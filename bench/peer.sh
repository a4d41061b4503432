#!/usr/bin/env bash
# `make bench-peer`: Evidence Desk beside the Wagtail peer in one run, alternating, same wrk settings
# (../shared/peer-wagtail/README.md). Sets the peer up once, seeds our benchmark database through
# bench.settings (where seed_bench lives) and prepares its pages as an operator would after a bulk load,
# then runs the peer's side_by_side.sh from the project root. Its summary.md is the table in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER="${PEER:-../shared/peer-wagtail}"
export OURS_DB="${OURS_DB:-postgres://postgres@127.0.0.1:5432/evidence_bench_peer}"

[[ -f "$PEER/side_by_side.sh" ]] || { echo "make bench-peer needs the Wagtail peer at $PEER (set PEER=…)." >&2; exit 1; }
command -v wrk >/dev/null || { echo "make bench-peer needs wrk: apt-get install wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "make bench-peer needs psql: apt-get install postgresql-client" >&2; exit 1; }
if [[ ! -x /tmp/peer-wagtail-venv/bin/gunicorn || ! -d /tmp/peer-wagtail-site ]]; then
  echo "== setting up the Wagtail peer once (~6 min)"
  bash "$PEER/setup.sh"
fi

articles=$(psql "$OURS_DB" -Atc "select count(*) from evidence_article" 2>/dev/null || echo 0)
if (( articles < 2000 )); then
  echo "== seeding $OURS_DB: the demo library and 2,000 articles citing 3,000 studies (~10 min)"
  psql "${OURS_DB%/*}/postgres" -qc "create database ${OURS_DB##*/}" >/dev/null 2>&1 || true
  (
    export DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL="$OURS_DB" DJANGO_DEBUG=True
    .venv/bin/python manage.py migrate --noinput -v0
    .venv/bin/python manage.py load_demo >/dev/null
    .venv/bin/python manage.py seed_bench --articles 2000 --studies 3000
  )
fi
echo "== preparing the published pages"
DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL="$OURS_DB" .venv/bin/python manage.py prepare_pages

echo "== side by side (~12 min; keep the machine otherwise idle)"
bash "$PEER/side_by_side.sh"
