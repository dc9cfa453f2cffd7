//! The promise of an async JS export (the install flow's crypto, sealed tokens, webhooks,
//! the toolkit): its Rust future, run as a `Flight` (js/flight.rs) that `drive` steps, each
//! promise it awaits handed to that loop (rim/settle.rs).

use super::flight::Flight;
use crate::protocol::error::Error;
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsValue;

/// An export's work; boxed, so one kind of `Flight` serves every export.
pub(crate) type Work = Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>;

/// `work` run to its end: resolves with its value or rejects with its IntercomError.
pub(crate) fn promise(work: Work) -> Promise {
    Flight::task(work)
}
