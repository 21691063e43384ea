#!/usr/bin/env bash
# Measures the figures in README "Performance" on a release build.
# Nothing here is a pass/fail test: it prints numbers to copy into the README.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

say "release build"
cargo leptos build --release --split

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

# A signed-in first responder part-way through a report, through the real
# sign-in link: the journey's steps are what responders load most.
say "signing in as a demo responder and starting a report"
base="http://127.0.0.1:$port"
email="perf@met.police.uk"
curl -fs -o /dev/null --data-urlencode "organisation=Metropolitan Police" --data-urlencode "email=$email" \
  "$base/verify/who-do-you-work-for"
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
cookie="$(curl -fs -o /dev/null -D - --data "token=$token" "$base/nrm/start" | grep -i '^set-cookie: nrm_session=' | sed -e 's/^[Ss]et-[Cc]ookie: //' -e 's/;.*//' | tr -d '\r')"
[[ -n "$cookie" ]] || { echo "could not sign in" >&2; exit 1; }
post() { curl -fs -o /dev/null -H "Cookie: $cookie" "$@"; }
post -X POST "$base/nrm/new"
post --data "reference=Perf" "$base/nrm/reference"
post --data "user-organisation=Metropolitan Police" "$base/nrm/organisation"
post --data "fr-location=england" "$base/nrm/fr-location"
step=/nrm/pv-under-age
NRM_COOKIE="$cookie" node scripts/sizes.mjs "$base" target/site/pkg "$step" /nrm/fr-location | tail -4

say "throughput: GET $step as a signed-in responder (session and draft read from the database)"
wrk -t2 -c32 -d3s -H "Cookie: $cookie" "$base$step" >/dev/null
wrk -t2 -c32 -d15s --latency -H "Cookie: $cookie" "$base$step" | grep -E "Requests/sec|50%|99%|Non-2xx"

say "server errors during the load: $(grep -c -E 'panicked|ERROR' "$run_dir/server.log" || true)"
