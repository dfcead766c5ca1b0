# Sourced by the other scripts: where the project's tools live. Safe to source repeatedly.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$ROOT/node_modules/.bin:$ROOT/.venv-checkers/bin:$CARGO_HOME/bin:$PATH"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export TRUNK_VERSION=0.21.14
export WASM_BINDGEN_VERSION=0.2.130
export WASM_OPT_VERSION=version_132
# wasm_split_cli_support's binary; its split format must match the wasm_split_helpers that
# Leptos depends on (0.2, see Cargo.lock).
export WASM_SPLIT_VERSION=0.2.4
# Panic messages in the wasm name the source files of dependencies by absolute path, so the
# build (and its size) would depend on where CARGO_HOME is. Remapped to /cargo, the release
# build is the same on every machine. This variable replaces `rustflags` of
# .cargo/config.toml for wasm32, so it repeats the `erase_components` cfg set there.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --remap-path-prefix=$CARGO_HOME=/cargo"
