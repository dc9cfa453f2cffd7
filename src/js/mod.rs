//! The JS exports: reading JS arguments by type, the exported classes and functions, and
//! the TS declarations. Decisions live in `crate::protocol`, I/O in `crate::rim`.
//! Each export is gated by its capability feature (Cargo.toml), so a subpath of the package
//! (`intercom-edge/client`, `/oauth`, `/webhooks`) builds a wasm with only its own.

#[cfg(feature = "oauth")]
pub(crate) mod app_store;
#[cfg(any(feature = "webhooks", feature = "toolkit"))]
pub(crate) mod canvas;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
mod connection;
#[cfg(feature = "client")]
mod encode;
#[cfg(feature = "client")]
mod env;
pub mod error;
mod flight;
#[cfg(any(feature = "client", feature = "oauth"))]
mod json;
#[cfg(feature = "toolkit")]
pub(crate) mod messenger;
pub mod oauth;
pub(crate) mod options;
#[cfg(feature = "client")]
mod pages;
#[cfg(feature = "oauth")]
pub(crate) mod seal;
mod toolkit_types;
mod types;
#[cfg(feature = "webhooks")]
pub(crate) mod webhook;

// For lib.rs's `js_exports` (this crate's wasm tests), which need every capability.
#[cfg(feature = "js")]
pub use client::IntercomClient;
