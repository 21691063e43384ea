#!/usr/bin/env bash
# Sets up, builds (release), and runs the service on SQLite with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

say "building the service (release)"
cargo leptos build --release --split

export DATABASE_URL="${DATABASE_URL:-sqlite://data/nrm.db}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export DEMO_DATA="${DEMO_DATA:-true}"

cat <<MSG

  The service:       http://$LEPTOS_SITE_ADDR/
  Health check:      http://$LEPTOS_SITE_ADDR/healthz
  Database:          $DATABASE_URL
  Demo accounts:     listed in the log below ("demo account" lines)
  Stop with Ctrl-C.

MSG
exec "$CARGO_TARGET_DIR/release/server"
