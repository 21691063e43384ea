#!/usr/bin/env bash
# Measures the casework queue with 1,000,000 cases on SQLite and on PostgreSQL:
# first page, one filter, one sort and page 500, p50 and p95 of 20 sequential
# requests each, as a signed-in caseworker, against the release build.
# Prints figures for README "Performance"; nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cases="${NRM_BENCH_CASES:-1000000}"
pg_admin="${NRM_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
[[ -x "$CARGO_TARGET_DIR/release/server" ]] || cargo leptos build --release --split
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
  local cookie
  cookie="$(curl -fs -o /dev/null -D - --data "email=demo.caseworker@sca.example.gov.uk&password=demo-password-1" \
    "http://127.0.0.1:$port/staff/sign-in" | grep -i '^set-cookie: nrm_session=' | sed -e 's/^[Ss]et-[Cc]ookie: //' -e 's/;.*//' | tr -d '\r')"
  python3 - "http://127.0.0.1:$port" "$cookie" "$name" <<'PY'
import statistics, sys, time, urllib.request
base, cookie, name = sys.argv[1:4]
pages = [("first page", "/casework"), ("filter: children", "/casework?age=Child"),
         ("sort: newest received", "/casework?sort=received"), ("page 500", "/casework?page=499")]
print(f"| {name} | p50 | p95 |\n|---|---|---|")
for label, path in pages:
    times = []
    for i in range(25):
        req = urllib.request.Request(base + path, headers={"Cookie": cookie})
        start = time.perf_counter()
        with urllib.request.urlopen(req) as r:
            r.read()
            assert r.status == 200
        if i >= 5:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"| {label} | {statistics.median(times):.1f} ms | {times[int(len(times) * 0.95) - 1]:.1f} ms |")
PY
  kill "$server"; wait "$server" 2>/dev/null || true
}

measure "sqlite://$run_dir/bench.db" sqlite
if psql "$pg_admin" -qc "DROP DATABASE IF EXISTS nrm_bench" && psql "$pg_admin" -qc "CREATE DATABASE nrm_bench"; then
  measure "${pg_admin%/*}/nrm_bench" postgres
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS nrm_bench" || true
fi
rm -rf "$run_dir"
