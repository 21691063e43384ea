#!/usr/bin/env bash
# Crash safety, shown: first responders send referrals through the real form
# posts while a server is killed with SIGKILL and started again; then every
# reference anyone was shown must exist with its answers and its file, no
# responder may have two cases, and each confirmation email must be sent once.
#
#   scripts/crash-test.sh [--db sqlite|postgres] [--submitters N] [--kills K]
#                         [--servers S] [--release]
#
# --servers 2 runs two server processes on one database (PostgreSQL only:
# SQLite is one process per file), sends requests to both in turn, kills one,
# and also checks that a case can be worked across them and that the
# scheduled clean-up ran once per period. --release builds and runs the
# release server (the README's full run); otherwise the debug build.
# PostgreSQL: NRM_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# a fresh database is made and dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

db=sqlite submitters=20 kills=1 servers=1 profile=debug
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --submitters) submitters="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --release) profile=release; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ "$db" == sqlite && "$servers" -gt 1 ]]; then
  echo "several servers need PostgreSQL (SQLite is one process per file)" >&2
  exit 2
fi

if [[ "$profile" == release ]]; then
  cargo build --release -p server --bin server --example crash_load --locked
else
  cargo build -p server --bin server --example crash_load --locked
fi
bin="$CARGO_TARGET_DIR/$profile/server"
load="$CARGO_TARGET_DIR/$profile/examples/crash_load"

work="$(mktemp -d)"
run="$(date +%s)$RANDOM"
pids=()
pg_admin="${NRM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_name="nrm_crash_$run"
cleanup() {
  for pid in "${pids[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ "$db" == postgres ]]; then
    psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [[ -n "${KEEP:-}" ]]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [[ "$db" == postgres ]]; then
  psql -q "$pg_admin" -c "CREATE DATABASE $pg_name" >/dev/null
  DATABASE_URL="${pg_admin%/*}/$pg_name"
else
  DATABASE_URL="sqlite://$work/nrm.db"
fi
export DATABASE_URL
export MAIL_DIR="$work/mail" FILE_DIR="$work/files"
export DEMO_DATA=true LOG_FORMAT=json RUST_LOG=info
# Every responder signs in from this one address: no per-client limit here.
export SIGN_IN_LINKS_PER_CLIENT=100000 SIGN_IN_LINKS_PER_ADDRESS=100
export CLEAN_UP_EVERY_SECONDS=2 SHUTDOWN_GRACE_SECONDS=1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ports=()
for _ in $(seq 1 "$servers"); do ports+=("$(free_port)"); done

start() { # start <index>
  local i="$1" port="${ports[$1]}"
  LEPTOS_SITE_ADDR="127.0.0.1:$port" PUBLIC_URL="http://127.0.0.1:$port" \
    "$bin" >>"$work/server-$i.log" 2>&1 &
  pids[$i]=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "server $i did not start:" >&2
  tail -20 "$work/server-$i.log" >&2
  return 1
}

for i in $(seq 0 $((servers - 1))); do start "$i"; done
bases=""
for port in "${ports[@]}"; do bases+="http://127.0.0.1:$port,"; done
export CRASH_SERVERS="$bases" CRASH_SUBMITTERS="$submitters" CRASH_RUN="$run"
export CRASH_RESULTS="$work/shown.jsonl"
: >"$CRASH_RESULTS"

say "crash test: $submitters responders, $kills kill(s), $servers server(s), $db, $profile build"
began=$(date +%s.%N)
"$load" load &
load_pid=$!

for k in $(seq 1 "$kills"); do
  # Kill once some referrals are in and many are mid-way: when the shown
  # count passes k/(kills+1) of the responders, or after 60 s.
  target=$((submitters * k / (kills + 1) / 2))
  for _ in $(seq 1 600); do
    [[ $(wc -l <"$CRASH_RESULTS") -ge $target ]] && break
    kill -0 "$load_pid" 2>/dev/null || break
    sleep 0.1
  done
  victim=$(( (k - 1) % servers ))
  shown=$(wc -l <"$CRASH_RESULTS")
  echo "SIGKILL to server $victim with $shown of $submitters references shown"
  { kill -9 "${pids[$victim]}"; wait "${pids[$victim]}"; } 2>/dev/null || true
  sleep 1
  start "$victim"
done

status=0
wait "$load_pid" || status=$?
ended=$(date +%s.%N)
echo "load finished in $(python3 -c "print(round($ended - $began, 1))") s"
if [[ $servers -gt 1 ]]; then sleep 5; fi  # a few clean-up periods on both
"$load" check || status=$?
again=$(cat "$work"/server-*.log | grep -c 'already delivered' || true)
echo "messages handed to the mail folder again after a kill (dropped by Message-ID): $again"
if [[ $status -ne 0 ]]; then
  echo "server logs' errors:" >&2
  grep -h '"level":"ERROR"' "$work"/server-*.log | tail -20 >&2 || true
fi
exit $status
