#!/usr/bin/env bash
# Generates the SQL migrations from src/db/schema. Serialised with flock so that two people (or helpers)
# generating at once do not interleave the journal.
set -euo pipefail
cd "$(dirname "$0")/.."
exec flock /tmp/linli-db-generate.lock npx drizzle-kit generate "$@"
