# Sourced by setup.sh and package.sh: the toolchain the npm package's wasm is built with.
#
# A pinned nightly, only for that build: it rebuilds std with panic=immediate-abort, so no entry
# carries core::fmt, the panic machinery and panic locations (stable cannot drop them; our code
# never panics by design, and a wasm panic was already an `unreachable` trap). Measured at
# 1c77648, wasm gzip: /client −2.3 KB, /oauth −4.0 KB, /webhooks −3.7 KB, root −4.4 KB.
# The crate itself, its tests and Rust dependents stay on stable (rust-version in Cargo.toml).
RELEASE_TOOLCHAIN=nightly-2026-05-20
RELEASE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
RELEASE_BUILD_STD=std,panic_abort
