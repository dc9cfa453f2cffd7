#!/usr/bin/env bash
# Installs what building and testing need, from the package registries only, skipping what is
# present: a second run on a ready machine takes seconds. Run by `make setup`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The wasm-bindgen library version Cargo.lock holds: the CLI must be exactly that one.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: Cargo.lock names no wasm-bindgen version" >&2
  exit 1
fi
WASM_PACK_VERSION=0.15.1
say() { printf 'setup: %s\n' "$*"; }

# Rust's wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly the package's wasm is built with (scripts/release-toolchain.sh), with the
# std sources it rebuilds and its wasm target.
. scripts/release-toolchain.sh
if ! rustup run "$RELEASE_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --toolchain "$RELEASE_TOOLCHAIN" --installed | grep -q '^rust-src' \
  || ! rustup target list --toolchain "$RELEASE_TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown; then
  say "installing $RELEASE_TOOLCHAIN (rust-src, wasm32-unknown-unknown) for the release build"
  rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal -c rust-src -t wasm32-unknown-unknown
fi

# Lints run by make test.
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# wasm-bindgen CLI, same version as the crate pin (wasm-pack would otherwise try GitHub).
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked first; its lockfile names webpki-roots 1.0.11, which the registry no longer
  # serves, so fall back to a fresh resolve of the same CLI version.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "=$WASM_PACK_VERSION" --locked \
    || cargo install wasm-pack --version "=$WASM_PACK_VERSION"
fi

# Chromium and its driver for browser tests (Debian's; browser downloads are impossible here).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Firefox ESR for the demo, package and wasm tests (Debian's), and geckodriver for
# `wasm-pack test --firefox` (from crates.io; wasm-pack would otherwise download one).
if ! command -v firefox-esr >/dev/null; then
  say "installing firefox-esr"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq firefox-esr >/dev/null
fi
GECKODRIVER_VERSION=0.37.1
if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1{print $2}')" != "$GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "=$GECKODRIVER_VERSION" --locked
fi

# Redis for the Connections store tests (Debian's redis-server; the tests start their own on a
# free loopback port). PostgreSQL 15's server binaries (/usr/lib/postgresql/15/bin) likewise.
if ! command -v redis-server >/dev/null; then
  say "installing redis-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq redis-server >/dev/null
fi
if [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then
  say "installing postgresql-15"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 >/dev/null
fi

# npm dev tools pinned by package-lock.json: binaryen (modern wasm-opt), deno, bun, workerd,
# @edge-runtime/vm, playwright-core, puppeteer-core (Firefox over WebDriver BiDi), esbuild,
# typescript, and the mock's checkers.
if ! npm ls --depth=0 >/dev/null 2>&1; then
  say "installing npm dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The toolchains the examples are built with (Next.js, Vite, wrangler, TypeScript, …), one
# install shared by all examples, and the older majors (Next.js 15, Vite 7, TypeScript 5.0,
# Node 22) beside them; each pinned by its own package-lock.json.
# The typed calls' generator (scripts/generate-types.mjs: openapi-typescript 7, which needs
# TypeScript 5's compiler API) has its own pinned install too.
for dir in examples tests/examples/compat scripts/openapi; do
  if ! (cd "$dir" && npm ls --depth=0 >/dev/null 2>&1); then
    say "installing the example toolchains in $dir (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

say "ready: $(wasm-bindgen --version), $(wasm-pack --version), $(node_modules/.bin/wasm-opt --version | head -1), $(chromium --version 2>/dev/null | head -1), $(firefox-esr --version 2>/dev/null), $(geckodriver --version 2>/dev/null | head -1)"
