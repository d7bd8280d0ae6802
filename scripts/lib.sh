# Shared by the scripts in this folder: paths, tool locations, and small helpers.
# shellcheck shell=bash

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tools the project installs itself (wasm-bindgen, tauri-driver, wasm-opt) live outside
# the clone, so a fresh clone on the same machine reuses them.
DOSSIER_CACHE=${DOSSIER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dossier}
DOSSIER_TOOLS=$DOSSIER_CACHE/tools
export PATH="$DOSSIER_TOOLS/bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# Only the lines each crate needs; full debug info of the deps costs gigabytes.
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-auto}

step() { printf '\n\033[1m==> [%02d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The version of a crate as locked in Cargo.lock.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}

# Bytes of the UI's lazily loaded wasm modules in ui/dist (all but the main one), raw or
# gzip -9 ("gzip" as the first argument).
lazy_wasm_bytes() {
  local total=0 module
  for module in "$ROOT/ui/dist/pkg/"*.wasm; do
    [[ $module == */dossier_ui_bg.wasm ]] && continue
    if [[ ${1:-} == gzip ]]; then
      total=$((total + $(gzip -9 -c "$module" | wc -c)))
    else
      total=$((total + $(stat -c %s "$module")))
    fi
  done
  echo "$total"
}

# Seconds since the script started, for the timing summary.
SECONDS=0
