//! The JS rim: bindings to fetch and timers, option reading, error objects and the
//! exported classes. Kept thin; decisions live in `crate::protocol`.

pub(crate) mod app_store;
pub(crate) mod bindings;
pub(crate) mod canvas;
mod cipher;
pub mod client;
mod connection;
mod crypto;
mod encode;
mod env;
pub mod error;
mod json;
pub(crate) mod messenger;
pub mod oauth;
pub(crate) mod object;
pub(crate) mod options;
pub mod runtime;
pub(crate) mod seal;
mod toolkit_types;
pub(crate) mod transport;
mod types;
pub(crate) mod webhook;

pub use client::IntercomClient;
