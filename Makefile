# intercom-edge: `make demo` and `make test` are all a newcomer needs (see README.md).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export DENO_NO_UPDATE_CHECK := 1
WITH_MOCK := node tests/mock/with-mock.mjs --

.PHONY: setup package test test-lint test-features test-native test-wasm test-workers-rs test-types test-mock test-package test-publish test-example test-examples test-demo test-fuzz test-soak test-connections fuzz demo screenshots mock bench clean

setup:
	@bash scripts/setup.sh

package: setup
	@bash scripts/package.sh

test: setup package test-lint test-features test-native test-wasm test-workers-rs test-types test-mock test-package test-publish test-example test-examples test-demo test-fuzz test-soak test-connections
	@echo "make test: all suites passed"

# Formatting and lints of the library as it ships (wasm32), warnings as errors; and the layer
# rule: src/protocol builds as a crate of its own with serde alone (no JS crates, no rim paths).
test-lint:
	cargo fmt --all -- --check
	cargo clippy --quiet --target wasm32-unknown-unknown -- -D warnings
	CARGO_TARGET_DIR=target/protocol-layer cargo check --quiet --locked --manifest-path tests/protocol-layer/Cargo.toml

# Features: without `js` a dependent crate ships none of our exports; `worker` compiles; every
# combination of the JS capabilities (client, oauth, webhooks, toolkit: scripts/entries.mjs)
# passes clippy, so none rots. Own target dirs: the cdylib's rlib name has no hash, so other
# features would overwrite the main one.
test-features:
	CARGO_TARGET_DIR=target/features cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features worker -- -D warnings
	@for f in $$(node scripts/entries.mjs --feature-sets); do \
	  echo "clippy --no-default-features --features $$f"; \
	  CARGO_TARGET_DIR=target/features cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features $$f -- -D warnings || exit 1; \
	done
	node tests/dependent/run.mjs

# A workers-rs Worker (the `worker` crate and ours) built offline, served by workerd against the mock.
test-workers-rs:
	node tests/workers-rs/run.mjs

# The TS shapes of Intercom objects against the official OpenAPI schemas (needs the package).
test-types:
	node --test tests/types/

# The crate's tests and doctests, then its docs as docs.rs builds them, warnings as errors
# (broken or private links, bare URLs, and missing docs by the crate's own lint).
test-native:
	cargo test --quiet
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

# The JS rim inside Node, headless Chromium and headless Firefox (wasm-bindgen-test), against the mock.
test-wasm:
	$(WITH_MOCK) wasm-pack test --node
	WASM_BINDGEN_USE_BROWSER=1 $(WITH_MOCK) wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver
	WASM_BINDGEN_USE_BROWSER=1 $(WITH_MOCK) wasm-pack test --headless --firefox --geckodriver $(HOME)/.cargo/bin/geckodriver

test-mock:
	node --test tests/mock/

# The packed tarball installed into a scratch project, in every runtime.
test-example:
	node examples/oauth-worker/run.mjs

# Every example in examples/ built with its real toolchain (Next.js, Vite, wrangler, esbuild,
# bun, Deno, Node, tsc) and run against the mock.
test-examples:
	node tests/examples/run.mjs

# Connections' stores against real engines the test starts itself: Redis, Postgres, Deno KV,
# and Cloudflare KV and D1 in workerd (miniflare); then every store dumped and scanned for secrets.
test-connections:
	node tests/connections/run.mjs

# The demo's whole journey in Chromium and Firefox; screenshots in tests/.scratch/demo-screens/.
test-demo:
	node --test tests/demo/

# Fuzzing, bounded (issue 13): the core's properties with a fixed seed and a printed random
# one (replay with PROPTEST_RNG_SEED=N), then the packed package's JS boundary likewise.
test-fuzz:
	PROPTEST_RNG_SEED=1313 cargo test --quiet --lib proptests
	@seed=$$((RANDOM * 32768 + RANDOM)); echo "proptest: random seed $$seed (replay: PROPTEST_RNG_SEED=$$seed make test-fuzz)"; \
	  PROPTEST_RNG_SEED=$$seed cargo test --quiet --lib proptests
	node tests/fuzz/run.mjs --runs 30

# 50,000 calls with ~5 % injected faults, and 500 in flight under a rate-limit window, on the
# packed package in Node and in workerd (issue 13).
test-soak:
	node tests/soak/run.mjs

# Fuzzing, long: FUZZ_CASES proptest cases per property, FUZZ_RUNS boundary cases per target,
# then FUZZ_SECONDS of coverage-guided cargo-fuzz per target (nightly; scripts/fuzz.sh).
FUZZ_CASES ?= 50000
FUZZ_RUNS ?= 1500
FUZZ_SECONDS ?= 120
fuzz: package
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --release --quiet --lib proptests
	node tests/fuzz/run.mjs --runs $(FUZZ_RUNS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

test-package:
	node tests/package/run.mjs

# Publishable as it stands: the npm package's exports and types (publint --strict; attw on
# every entry point, none excluded), the npm and crates.io dry runs. cargo's verify build has
# its own target dir (target/package), warm after the first run.
test-publish:
	publint --strict dist/pkg
	attw --pack dist/pkg
	cd dist/pkg && npm publish --dry-run --loglevel=error
	cargo publish --dry-run --locked --allow-dirty --quiet

# The demo worker in workerd on the packed package, with the mock Intercom; prints one URL.
# INTERCOM_CLIENT_ID + INTERCOM_CLIENT_SECRET set → real Intercom instead (see www/README.md).
demo: package
	@node www/serve.mjs

screenshots: package
	node tests/demo/screenshots.mjs

mock:
	node tests/mock/server.mjs --port 4010

# Figures, not assertions (issue 12's table): bytes shipped, cold start, workerd startup, per-call
# time and memory, against intercom-client and a raw fetch. A few minutes; not part of make test.
bench: package
	node bench/compare.mjs
	node bench/pages.mjs

clean:
	rm -rf dist target/wasm-pack target/wasm-pack-* tests/.scratch
