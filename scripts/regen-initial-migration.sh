#!/usr/bin/env bash
# Until the first release there is one migration, regenerated from the models when they change.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f app/migrations/versions/*.py
NOMUSA_INSTANCE_DIR="$tmp" .venv/bin/flask --app wsgi db revision --autogenerate --rev-id 0001 -m "initial schema" >/dev/null
rm -rf "$tmp"
.venv/bin/ruff format -q app/migrations/versions || true
ls app/migrations/versions
