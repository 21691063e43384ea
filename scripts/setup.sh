#!/usr/bin/env bash
# Installs what building, running and testing the service needs. Idempotent:
# each step is skipped when its tool is already there at the right version.
#   scripts/setup.sh            tools to build and run
#   scripts/setup.sh --tests    also Chromium and the end-to-end test packages
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

with_tests=false
[[ "${1:-}" == "--tests" ]] && with_tests=true

if ! command -v cargo >/dev/null; then
  echo "Rust is not installed: install rustup (stable toolchain) first." >&2
  exit 1
fi

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32 target: present"
else
  say "wasm32 target: installing"
  rustup target add wasm32-unknown-unknown
fi

if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "cargo-leptos $CARGO_LEPTOS_VERSION: present"
else
  say "cargo-leptos $CARGO_LEPTOS_VERSION: building it (about 20 minutes, once)"
  # no_downloads: it must use the tools on PATH, never fetch them from GitHub.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked \
    --ignore-rust-version --features no_downloads
fi

wbg="$(wasm_bindgen_version)"
if wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  say "wasm-bindgen-cli $wbg: present"
else
  say "wasm-bindgen-cli $wbg: installing (matches Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$wbg" --force
fi

if [[ -x "$NRM_TOOLS_DIR/node_modules/.bin/wasm-opt" ]] \
  && grep -q "\"version\": \"$BINARYEN_VERSION\"" "$NRM_TOOLS_DIR/node_modules/binaryen/package.json" 2>/dev/null; then
  say "wasm-opt (binaryen $BINARYEN_VERSION from npm): present"
else
  say "wasm-opt (binaryen $BINARYEN_VERSION from npm): installing"
  mkdir -p "$NRM_TOOLS_DIR"
  npm install --silent --no-audit --no-fund --prefix "$NRM_TOOLS_DIR" "binaryen@$BINARYEN_VERSION"
fi

if [[ -d node_modules/govuk-frontend && node_modules/.package-lock.json -nt package-lock.json ]]; then
  say "front-end packages: present"
else
  say "front-end packages: npm ci"
  npm ci --silent --no-audit --no-fund
fi

say "styles: compiling GOV.UK Frontend (Arial, no crown) into style/main.css"
npm run --silent build:css

if $with_tests; then
  # sqlite3: a browser test leaves a failed email in the test database, as
  # only a mail server refusing for hours would.
  if [[ -x /usr/bin/chromium && -x /usr/bin/sqlite3 ]]; then
    say "chromium and sqlite3: present"
  else
    say "chromium and sqlite3: installing Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium sqlite3 >/dev/null
  fi
  if [[ -d end2end/node_modules/@playwright/test && end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ]]; then
    say "end-to-end test packages: present"
  else
    say "end-to-end test packages: npm ci"
    (cd end2end && npm ci --silent --no-audit --no-fund)
  fi
fi
