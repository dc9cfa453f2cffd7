//! The JS rim: bindings to fetch and timers, option reading, error objects and the
//! exported classes. Kept thin; decisions live in `crate::protocol`.

pub(crate) mod bindings;
pub mod client;
mod connection;
mod crypto;
mod encode;
mod env;
pub mod error;
pub mod oauth;
pub(crate) mod object;
pub(crate) mod options;
pub mod runtime;
pub(crate) mod transport;
mod types;

pub use client::IntercomClient;
