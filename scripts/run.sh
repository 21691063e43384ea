#!/usr/bin/env bash
# Sets up, builds (release), and runs the service on SQLite with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

say "building the service (release; built files precompressed, brotli and gzip)"
cargo leptos build --release --split --precompress

export DATABASE_URL="${DATABASE_URL:-sqlite://data/nrm.db}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export DEMO_DATA="${DEMO_DATA:-true}"

cat <<MSG

  The service:       http://$LEPTOS_SITE_ADDR/
  Health check:      http://$LEPTOS_SITE_ADDR/healthz
  Database:          $DATABASE_URL
  Demo accounts:     listed in the log below ("demo account" lines)
  Staff sign-in:     /staff/sign-in, password demo-password-1, then a 6-digit code:
                     add the setup key NRMD EMON RMDE MONR MDEM ONRM DEMO NRMD to any
                     authenticator app, or print the code of the moment with
                     $CARGO_TARGET_DIR/release/server demo-code
  First responders:  any address at an allowed domain; the sign-in link is in data/mail/
  Stop with Ctrl-C.

MSG
exec "$CARGO_TARGET_DIR/release/server"
