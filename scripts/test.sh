#!/usr/bin/env bash
# Sets up and runs every check: formatting, lints on both targets, unit and
# database tests (SQLite always, PostgreSQL when NRM_TEST_POSTGRES_URL is set),
# and the browser tests in Debian's Chromium with JavaScript on and off.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh --tests

say "formatting"
cargo fmt --all -- --check

say "lints: server (ssr) and browser (wasm32) builds"
cargo clippy -p app -p server --all-targets --locked -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings

say "the release wasm builds (its optimised profile can fail where debug builds pass)"
# With the flags `cargo leptos build --release --split` gives it: erased component types
# (Cargo.toml) and the relocations wasm-split needs.
RUSTFLAGS="-Clink-args=--emit-relocs --cfg erase_components" \
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release --locked

if [[ -n "${NRM_TEST_POSTGRES_URL:-}" ]]; then
  say "unit and database tests (SQLite and PostgreSQL at ${NRM_TEST_POSTGRES_URL%%\?*})"
else
  say "unit and database tests (SQLite; set NRM_TEST_POSTGRES_URL to add PostgreSQL)"
fi
# One test at a time: each starts its own server (and the demo data), and a
# few tests send many password guesses at once to check the throttle, whose
# hashing on two busy cores can outlast the 30-second request limit. (The
# stalled page renders once seen with tests side by side were Leptos's
# route-list generation, which now runs once per process: web/router.rs.)
cargo test -p app -p server --locked -- --test-threads=1

say "crash test, short form: a server killed mid-load loses and doubles nothing"
scripts/crash-test.sh --db sqlite --submitters 20 --kills 1
if [[ -n "${NRM_TEST_POSTGRES_URL:-}" ]]; then
  scripts/crash-test.sh --db postgres --submitters 20 --kills 1
  # Two server processes on one PostgreSQL database, one of them killed.
  scripts/crash-test.sh --db postgres --servers 2 --submitters 20 --kills 1
fi

say "browser tests: building the site"
# The accessibility statement says when its checks last ran on this build.
NRM_CHECKED_ON="$(date -u '+%-d %B %Y')" cargo leptos build --split

say "browser tests: Playwright in $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
export NRM_E2E_SERVER="$CARGO_TARGET_DIR/debug/server"
NRM_E2E_DIR="$(mktemp -d)"
export NRM_E2E_DIR
trap 'rm -rf "$NRM_E2E_DIR"' EXIT
(cd end2end && npx playwright test)
