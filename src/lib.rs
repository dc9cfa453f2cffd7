//! intercom-edge: Intercom REST API auth for browsers and edge runtimes.
//!
//! `core` holds the protocol (URLs, headers, errors, rate limits, retries) as pure Rust;
//! `js` is the thin rim that talks to `fetch`, timers and JS error objects.

// Errors are the cold path; boxing them would cost code size on every call site.
#![allow(clippy::result_large_err)]

mod client;
pub mod core;
pub mod js;

pub use crate::client::{Client, ClientOptions};
pub use crate::core::error::{ApiError, ErrorItem};
pub use crate::core::model::{Admin, AdminList, AdminWithApp, App, Avatar, Id, Role};
pub use crate::core::rate_limit::RateLimit;
pub use crate::core::region::Region;
