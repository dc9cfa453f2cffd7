//! The JS rim: bindings to fetch and timers, option reading, error objects and the
//! exported classes. Kept thin; decisions live in `crate::core`.

mod bindings;
pub mod client;
pub mod error;
mod options;
mod transport;
mod types;

pub use client::IntercomClient;
