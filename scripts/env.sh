# Shared settings for the project's scripts. Source it; do not run it.
# The cargo target dir lives outside the clone so that fresh clones (as in CI) build incrementally.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nrm/target}"
# Incremental caches are large and help little when every run is a fresh clone.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export NRM_TOOLS_DIR="${NRM_TOOLS_DIR:-$HOME/.cache/nrm/tools}"
# wasm-opt from npm's binaryen (Debian's older binaryen breaks hydration).
export PATH="$HOME/.cargo/bin:$NRM_TOOLS_DIR/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=nrm
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg

CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132.0.0

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen version Cargo.lock pins (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}
