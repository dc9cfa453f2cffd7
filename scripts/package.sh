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

# The release toolchain rebuilds std without panic machinery (scripts/release-toolchain.sh). Own
# target dirs under target/release-wasm, so its artifacts never mix with the stable test builds.
. scripts/release-toolchain.sh
build() { # <name> <out-dir> [cargo args]
  local name=$1 out=$2; shift 2
  RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN" RUSTFLAGS="$RELEASE_RUSTFLAGS" CARGO_UNSTABLE_BUILD_STD="$RELEASE_BUILD_STD" \
    CARGO_TARGET_DIR="target/release-wasm/$name" \
    wasm-pack --quiet build --release --target web --out-dir "$out" --out-name intercom_edge --no-pack "$@"
}

build root target/wasm-pack
# Short names for the wasm↔glue imports and exports (their hashed names are incompressible bytes).
node scripts/shorten-imports.mjs target/wasm-pack
# Each subpath (intercom-edge/client, …) its own wasm, built with only its capabilities'
# features (scripts/entries.mjs lists them). Own target dirs: a cdylib's output has no
# feature hash in its name, so builds with other features would overwrite each other.
while read -r name features; do
  build "$name" "target/wasm-pack-$name" -- --no-default-features --features "$features"
  node scripts/shorten-imports.mjs "target/wasm-pack-$name"
done < <(node scripts/entries.mjs)
node scripts/assemble.mjs
node scripts/check-size.mjs
