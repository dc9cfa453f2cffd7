//! intercom-edge: Intercom REST API authentication for edge workers and browsers, as a Rust
//! crate and (with the default `js` feature) as the npm package's WebAssembly.
//!
//! For Rust callers — a workers-rs Worker, say — the API is [`Client`] (typed admins, any
//! endpoint through [`Client::request_json`]), the OAuth install flow and webhook check in
//! [`oauth`], and one [`Error`] whose [`ErrorCode`] can be matched on.
//!
//! ```no_run
//! # async fn handler() -> Result<(), intercom_edge::Error> {
//! let intercom = intercom_edge::Client::new(intercom_edge::ClientOptions {
//!     token: "dG9rOmV4YW1wbGU=".into(),
//!     region: intercom_edge::RegionChoice::Auto,
//!     ..Default::default()
//! })?;
//! for admin in intercom.list_admins().await?.admins {
//!     println!("{} <{}>", admin.id, admin.email.unwrap_or_default());
//! }
//! # Ok(()) }
//! ```
//!
//! **Futures are `!Send`.** They hold JS values (a `fetch` promise, an `AbortSignal`), as
//! every future on wasm32 in a JS host does, and run on the worker's single thread. A
//! workers-rs `#[event(fetch)]` handler awaits them directly; where a framework demands
//! `Send` (axum under `worker`'s `http` feature), wrap them in `worker::send::SendFuture`.
//!
//! **Depend on it with `default-features = false`.** With the `js` feature the wasm carries
//! the package's JS exports, and the async functions that await WebCrypto (states, sealed
//! tokens, webhooks, the toolkit) run only inside them, awaited by the package's own JS loop
//! rather than an executor: under yours they fail with [`ErrorCode::CryptoUnavailable`],
//! saying so.
//!
//! Layers: `protocol` decides (pure Rust, no JS types, tested natively, no panics by lint);
//! `rim` performs fetch, timers and WebCrypto; `js` (feature `js`, or one capability of it:
//! `client`, `oauth`, `webhooks`, `toolkit`) converts JS arguments and exports the package's
//! functions.

#![deny(missing_docs)]
// The fuzzing build exposes the protocol's internals (fuzz/); it is never shipped.
#![cfg_attr(feature = "fuzzing", allow(missing_docs))]
// Without every JS capability, some rules serve only the missing exports (option bounds, the
// uninstall notice); they stay compiled and tested, not shipped.
#![cfg_attr(
    not(all(
        feature = "client",
        feature = "oauth",
        feature = "webhooks",
        feature = "toolkit"
    )),
    allow(dead_code)
)]
// Errors are the cold path; boxing them would cost code size on every call site.
#![allow(clippy::result_large_err)]

mod client;
// Not in the npm package's builds (`exports`), whose JS Connections is pkg-template/connections.js:
// unused, its string literals would still move the wasm's data by a few bytes.
#[cfg(any(not(feature = "exports"), test, doc))]
pub mod connections;
mod install;
#[cfg(feature = "exports")]
mod js;
mod protocol;
mod rim;
pub mod toolkit;
#[cfg(feature = "worker")]
mod worker;

/// The protocol's decoders and rules, for the cargo-fuzz targets in fuzz/ only.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::protocol::{
        canvas, config, cookie, encoding, jwt, oauth, request, response, seal, tls,
    };
}

pub use crate::client::{CallOptions, Client, PageOptions, Pages};
pub use crate::protocol::call::Method;
pub use crate::protocol::client_config::ClientOptions;
pub use crate::protocol::code::ErrorCode;
pub use crate::protocol::error::{Error, ErrorItem};
pub use crate::protocol::json::Json;
pub use crate::protocol::model::{Admin, AdminList, AdminWithApp, App, Avatar, Id, Role};
pub use crate::protocol::rate_limit::RateLimit;
pub use crate::protocol::region::{Region, RegionChoice};
pub use crate::protocol::secret::Secret;

/// The OAuth install flow (authorize URL, signed state, callback, code exchange, uninstall)
/// and the webhook signature check, for a server-side worker.
pub mod oauth {
    pub use crate::install::{
        authorize_url, create_state, exchange_code, parse_callback, state_cookie, uninstall,
        verify_state, verify_webhook, AuthorizeUrl, Callback, CookieScope, ExchangeCode, NewState,
        StateRules, VerifiedState,
    };
}

/// The JS exports as Rust items, for this crate's own wasm-bindgen tests; not a Rust API.
#[cfg(feature = "js")]
#[doc(hidden)]
pub mod js_exports {
    pub use crate::js::oauth::{create_state, parse_callback, verify_state, verify_webhook};
    pub use crate::js::IntercomClient;
}

/// The wasm heap: talc is smaller and faster than std's dlmalloc (issue 12). The package is
/// single-threaded wasm, the case talc's dynamic allocator is made for.
/// Only in the package's builds (`js` or one of its capabilities): a library must leave the
/// allocator to the program that depends on it.
#[cfg(all(
    feature = "exports",
    not(target_feature = "atomics"),
    target_family = "wasm"
))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
