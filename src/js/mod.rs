//! The JS exports: reading JS arguments by type, the exported classes and functions, and
//! the TS declarations. Decisions live in `crate::protocol`, I/O in `crate::rim`.

pub(crate) mod app_store;
pub(crate) mod canvas;
pub mod client;
mod connection;
mod encode;
mod env;
pub mod error;
mod json;
pub(crate) mod messenger;
pub mod oauth;
pub(crate) mod options;
pub(crate) mod seal;
mod toolkit_types;
mod types;
pub(crate) mod webhook;

pub use client::IntercomClient;
