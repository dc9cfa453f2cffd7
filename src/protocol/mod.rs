//! The sans-IO core: Intercom's protocol as pure functions, tested natively.
//! Nothing here touches JS, the network or the clock.

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
