//! The rim: what only a JS host can do — `fetch`, timers, WebCrypto, the runtime's globals —
//! and turning errors into JS values. Used by the Rust API and the JS exports alike; every
//! decision it acts on comes from `crate::protocol`.

pub(crate) mod bindings;
#[cfg(feature = "webhooks")]
pub(crate) mod body;
pub(crate) mod cipher;
pub(crate) mod crypto;
pub(crate) mod error;
pub(crate) mod json;
pub(crate) mod object;
pub(crate) mod runtime;
pub(crate) mod settle;
pub(crate) mod transport;
pub(crate) mod url;
