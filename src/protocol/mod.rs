//! The sans-IO core: Intercom's protocol as pure functions and small state machines,
//! tested natively. Nothing here touches JS, the network or the clock; the rim (`js`)
//! performs fetch, timers, WebCrypto and JS conversion around it.

// Never panic across the boundary: library code here may not unwrap, expect, panic or index.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
#![forbid(unsafe_code)]
// Prefixes are matched as `&str` ("/", not '/'): a `char` pattern brings UTF-8 encoding and the
// char searcher into every package entry (issue 12: /client −502 B of wasm).

pub mod action;
pub mod app_store;
pub mod call;
pub mod canvas;
pub mod client_config;
pub mod code;
pub mod config;
// For the Rust API's Connections only (see lib.rs).
#[cfg(any(not(feature = "exports"), test, doc))]
pub mod connection;
pub mod cookie;
pub mod encoding;
pub mod endpoints;
pub mod error;
mod hint;
pub mod host;
pub mod inbound;
pub mod json;
pub mod jwt;
pub mod model;
pub mod oauth;
pub mod pagination;
pub mod path_template;
pub mod rate_limit;
pub mod redact;
pub mod region;
pub mod request;
pub mod response;
pub mod retry;
pub mod seal;
pub mod secret;
pub mod session;
pub mod text;
pub mod tls;
pub mod token;
pub mod user_hash;
pub mod webhook_event;

/// The shared test vectors (made with Node's crypto; see tests/vectors/).
#[cfg(test)]
fn vectors() -> serde_json::Value {
    serde_json::from_str(include_str!(
        "../../tests/vectors/auth-toolkit-vectors.json"
    ))
    .unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
