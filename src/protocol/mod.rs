//! The sans-IO core: Intercom's protocol as pure functions, tested natively.
//! Nothing here touches JS, the network or the clock.

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

pub mod action;
pub mod app_store;
pub mod canvas;
pub mod code;
pub mod config;
pub mod encoding;
pub mod error;
mod hint;
pub mod jwt;
pub mod model;
pub mod oauth;
pub mod rate_limit;
pub mod region;
pub mod request;
pub mod retry;
pub mod seal;
pub mod secret;
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
