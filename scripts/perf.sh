#!/usr/bin/env bash
# Measures the figures in README "Performance" on a release build.
# Nothing here is a pass/fail test: it prints numbers to copy into the README.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

say "release build"
cargo leptos build --release

port="${NRM_PERF_PORT:-3200}"
run_dir="$(mktemp -d)"
DATABASE_URL="sqlite://$run_dir/perf.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
  MAIL_DIR="$run_dir/mail" "$CARGO_TARGET_DIR/release/server" 2>"$run_dir/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

say "download sizes"
node scripts/sizes.mjs "http://127.0.0.1:$port" target/site/pkg / /verify/who-do-you-work-for

if ! command -v wrk >/dev/null; then
  say "wrk: installing Debian's package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
for path in / /verify/who-do-you-work-for; do
  say "throughput: GET $path, 32 connections, 2 threads, 15 s (after a 3 s warm-up)"
  wrk -t2 -c32 -d3s "http://127.0.0.1:$port$path" >/dev/null
  wrk -t2 -c32 -d15s --latency "http://127.0.0.1:$port$path" | grep -E "Requests/sec|50%|99%|Non-2xx"
done

say "server errors during the load: $(grep -c -E 'panicked|ERROR' "$run_dir/server.log" || true)"
