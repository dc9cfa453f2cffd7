#!/usr/bin/env bash
# Release build → dist/pkg (the npm package) → dist/intercom-edge.tgz. Run by `make package`.
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-pack takes the first wasm-opt on PATH; Debian's binaryen 108 makes packages that
# crash at init, so the npm binaryen must come first, and we refuse anything older than 116.
export PATH="$PWD/node_modules/.bin:$PATH"
ver=$(wasm-opt --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [ -z "$ver" ] || [ "$ver" -lt 116 ]; then
  echo "package: wasm-opt on PATH is binaryen ${ver:-?}; need ≥ 116 (run make setup)" >&2
  exit 1
fi

wasm-pack --quiet build --release --target web --out-dir target/wasm-pack --out-name intercom_edge --no-pack
# Short names for the wasm↔glue imports and exports (their hashed names are incompressible bytes).
node scripts/shorten-imports.mjs target/wasm-pack
node scripts/assemble.mjs
node scripts/check-size.mjs
