//! The sans-IO core: Intercom's protocol as pure functions, tested natively.
//! Nothing here touches JS, the network or the clock.

pub mod code;
pub mod config;
pub mod error;
mod hint;
pub mod model;
pub mod oauth;
pub mod rate_limit;
pub mod region;
pub mod request;
pub mod retry;
pub mod secret;
