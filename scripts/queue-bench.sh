#!/usr/bin/env bash
# Measures the casework desk with 1,000,000 cases on SQLite and on PostgreSQL:
# the queue (first page, one filter, one sort, page 500), My work, Available
# work, a case and the Duty to Notify register, p50 and p95 serially and with
# 32 requests in flight, as the demo caseworker signed in with both factors,
# against the release build (scripts/desk-bench.py does the measuring).
# Prints figures for README "Performance"; nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cases="${NRM_BENCH_CASES:-1000000}"
pg_admin="${NRM_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
[[ -x "$CARGO_TARGET_DIR/release/server" ]] || cargo leptos build --release --split
# desk-bench.py keeps 32 requests in flight with wrk (Python threads would
# add their own work on the same cores to what they time).
if ! command -v wrk >/dev/null; then
  say "wrk: installing Debian's package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
run_dir="$(mktemp -d)"
port=3300

measure() {
  local url="$1" name="$2"
  say "$name: generating $cases cases"
  DATABASE_URL="$url" MAIL_DIR="$run_dir/mail" RUST_LOG=warn "$CARGO_TARGET_DIR/release/server" generate --cases "$cases" --dtn $((cases / 10))
  DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" DEMO_DATA=true RUST_LOG=warn BACKGROUND_JOBS=false \
    MAIL_DIR="$run_dir/mail" "$CARGO_TARGET_DIR/release/server" 2>"$run_dir/server-$name.log" &
  local server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.3; done
  python3 scripts/desk-bench.py "http://127.0.0.1:$port" "$name"
  kill "$server"; wait "$server" 2>/dev/null || true
}

measure "sqlite://$run_dir/bench.db" sqlite
if psql "$pg_admin" -qc "DROP DATABASE IF EXISTS nrm_bench" && psql "$pg_admin" -qc "CREATE DATABASE nrm_bench"; then
  measure "${pg_admin%/*}/nrm_bench" postgres
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS nrm_bench" || true
fi
rm -rf "$run_dir"
