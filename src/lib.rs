//! intercom-edge: Intercom REST API auth for browsers and edge runtimes.
//!
//! `protocol` holds the protocol (URLs, headers, errors, rate limits, retries) as pure Rust;
//! `js` is the thin rim that talks to `fetch`, timers and JS error objects.

// Errors are the cold path; boxing them would cost code size on every call site.
#![allow(clippy::result_large_err)]

mod client;
pub mod js;
pub mod protocol;
pub mod toolkit;

pub use crate::client::{Client, ClientOptions};
pub use crate::protocol::code::ErrorCode;
pub use crate::protocol::error::{Error, ErrorItem};
pub use crate::protocol::model::{Admin, AdminList, AdminWithApp, App, Avatar, Id, Role};
pub use crate::protocol::rate_limit::RateLimit;
pub use crate::protocol::region::{Region, RegionChoice};

/// The wasm heap: talc is smaller and faster than std's dlmalloc (issue 12). The package is
/// single-threaded wasm, the case talc's dynamic allocator is made for.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
