#!/usr/bin/env bash
# `make fuzz`'s coverage-guided part: the cargo-fuzz targets in fuzz/ (protocol decoders),
# FUZZ_SECONDS each. Installs a nightly toolchain (rustup) and cargo-fuzz (crates.io) on
# first use, so `make test` never needs them.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-120}
CARGO_FUZZ_VERSION=0.13.2

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing a nightly toolchain (cargo-fuzz needs -Z sanitizer flags)"
  rustup toolchain install nightly --profile minimal
fi
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked
fi

cd fuzz
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  echo "fuzz: $target for ${SECONDS_EACH} s"
  # libFuzzer's last lines say how many inputs ran; a crash stops here with the input saved.
  cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$SECONDS_EACH" -print_final_stats=1 2>&1 |
    grep -E "Done [0-9]+ runs|stat::number_of_executed_units|SUMMARY|panicked|ERROR" || true
  test "${PIPESTATUS[0]}" -eq 0
done
echo "fuzz: every cargo-fuzz target ran ${SECONDS_EACH} s without a crash"
