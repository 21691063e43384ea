#!/usr/bin/env bash
# Measures the figures in README "Performance" on a release build.
# Nothing here is a pass/fail test: it prints numbers to copy into the README.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

# NRM_PERF_NO_BUILD=1 measures the release build already there.
if [[ -z "${NRM_PERF_NO_BUILD:-}" ]]; then
  say "release build (files precompressed: brotli 11 and gzip)"
  cargo leptos build --release --split --precompress
fi

port="${NRM_PERF_PORT:-3200}"
run_dir="$(mktemp -d)"
DATABASE_URL="sqlite://$run_dir/perf.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn DEMO_DATA=true \
  MAIL_DIR="$run_dir/mail" "$CARGO_TARGET_DIR/release/server" 2>"$run_dir/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

# What Chromium (and Firefox) ask for: the server answers pages with zstd and
# built files with their brotli copies.
accept='gzip, deflate, br, zstd'
say "on the wire: what the server sends to a browser that asks as Chromium does ($accept)"
wire() { # wire <path> [cookie]: bytes received, the content-encoding and cache-control
  curl -s -o /dev/null -H "Accept-Encoding: $accept" ${2:+-H "Cookie: $2"} \
    -w "%{size_download} B, %header{content-encoding}, %header{cache-control}" "http://127.0.0.1:$port$1"
}
start_page="$(curl -s "http://127.0.0.1:$port/")"
built() { # the hashed names the start page links to
  grep -oE "/pkg/[^\"' ]+\.$1" <<<"$start_page" | head -1
}
for file in "$(built wasm)" "$(built js)" "$(built css)"; do
  echo "| \`${file}\` (the page links it) | $(wire "$file") |"
done
# Every built file, as the split loader fetches lazy routes' chunks.
for file in target/site/pkg/*; do
  case "$file" in *.br|*.gz) continue ;; esac
  echo "| \`/pkg/${file##*/}\` ($(stat -c %s "$file") B raw) | $(wire "/pkg/${file##*/}") |"
done
echo "| \`/\` | $(wire /) |"
echo "| \`/verify/who-do-you-work-for\` | $(wire /verify/who-do-you-work-for) |"

if ! command -v wrk >/dev/null; then
  say "wrk: installing Debian's package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
for path in / /verify/who-do-you-work-for; do
  say "throughput: GET $path, 32 connections, 2 threads, 15 s (after a 3 s warm-up)"
  wrk -t2 -c32 -d3s "http://127.0.0.1:$port$path" >/dev/null
  wrk -t2 -c32 -d15s --latency "http://127.0.0.1:$port$path" | grep -E "Requests/sec|50%|99%|Non-2xx"
done

# A signed-in first responder part-way through a report, through the real
# sign-in link: the journey's steps are what responders load most.
say "signing in as a demo responder and starting a report"
base="http://127.0.0.1:$port"
email="perf@met.police.uk"
# Posts carry our Origin, as a browser's do (cross-site posts are refused).
curl -fs -o /dev/null -H "Origin: $base" --data-urlencode "organisation=Metropolitan Police Service" \
  --data-urlencode "email=$email" "$base/verify/who-do-you-work-for"
sleep 1
token="$(python3 - "$run_dir/mail" <<'PY'
import pathlib, quopri, re, sys
for eml in pathlib.Path(sys.argv[1]).glob("*.eml"):
    text = quopri.decodestring(eml.read_bytes()).decode("utf-8", "replace")
    match = re.search(r"token=([0-9a-f]{64})", text)
    if match:
        print(match.group(1))
        break
PY
)"
cookie="$(curl -fs -o /dev/null -D - -H "Origin: $base" --data "token=$token" "$base/nrm/start" | grep -i '^set-cookie: nrm_session=' | sed -e 's/^[Ss]et-[Cc]ookie: //' -e 's/;.*//' | tr -d '\r')"
[[ -n "$cookie" ]] || { echo "could not sign in" >&2; exit 1; }
post() { curl -fs -o /dev/null -H "Origin: $base" -H "Cookie: $cookie" "$@"; }
post -X POST "$base/nrm/new"
post --data "reference=Perf" "$base/nrm/reference"
post --data "user-organisation=Metropolitan Police Service" "$base/nrm/organisation"
post --data "fr-location=england" "$base/nrm/fr-location"
step=/nrm/pv-under-age
echo "| \`$step\` (signed in) | $(wire "$step" "$cookie") |"

say "throughput: GET $step as a signed-in responder (session and draft read from the database)"
wrk -t2 -c32 -d3s -H "Cookie: $cookie" "$base$step" >/dev/null
wrk -t2 -c32 -d15s --latency -H "Cookie: $cookie" "$base$step" | grep -E "Requests/sec|50%|99%|Non-2xx"

say "server errors during the load: $(grep -c -E 'panicked|ERROR' "$run_dir/server.log" || true)"

# A caseworker at the queue: password, then the code of the moment.
staff_cookie() {
  local half code
  half="$(curl -fs -o /dev/null -D - -H "Origin: $base" --data-urlencode "email=demo.caseworker@sca.example.gov.uk" \
    --data-urlencode "password=demo-password-1" "$base/staff/sign-in" \
    | grep -i '^set-cookie: nrm_session=' | sed -e 's/^[Ss]et-[Cc]ookie: //' -e 's/;.*//' | tr -d '\r')"
  code="$("$CARGO_TARGET_DIR/release/server" demo-code | awk '{print $1}')"
  curl -fs -o /dev/null -D - -H "Origin: $base" -H "Cookie: $half" --data "code=$code" "$base/staff/second-factor" \
    | grep -i '^set-cookie: nrm_session=' | sed -e 's/^[Ss]et-[Cc]ookie: //' -e 's/;.*//' | tr -d '\r'
}
desk="$(staff_cookie)"
echo "| \`/casework\` (signed in) | $(wire /casework "$desk") |"

say "what the offline worker fetches once, after a journey page has loaded (on the wire, as Chromium asks)"
worker_total=0
while read -r kept; do
  bytes="$(curl -s -o /dev/null -H "Accept-Encoding: $accept" -H "Cookie: $cookie" -w '%{size_download}' "$base$kept")"
  worker_total=$((worker_total + bytes))
done < <(curl -fs "$base/nrm/offline-worker.js" | python3 -c '
import json, re, sys
print("\n".join(json.loads(re.search(r"const KEEP = (\[.*?\]);", sys.stdin.read()).group(1))))')
echo "| the worker's files: the shell, every built file but the desk's, the store script, the lists | ${worker_total} B |"

say "a phone on a slow network (Chromium: 375 px, 1.6 Mbit/s, 150 ms, CPU 4x slower): median of 3"
NRM_BENCH_RUNS=3 node scripts/phone-bench.mjs "$base" "start page=/" "a journey step, signed in=$step;$cookie" "the casework queue=/casework;$desk"
