//! The promise of an async JS export (the install flow's crypto, sealed tokens, webhooks,
//! the toolkit): its Rust future stepped by `drive` (rim/attempt.js) as a `Flight` is, each
//! promise it awaits handed to that loop (rim/settle.rs).

use super::oauth::throw;
use crate::protocol::error::Error;
use crate::rim::settle::poll_driven;
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;

/// An export's work; boxed, so one `Task` serves every export.
pub(crate) type Work = Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>;

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    #[wasm_bindgen(js_name = drive)]
    fn drive_task(task: Task) -> Promise;
}

/// Internal to the package: handed to `drive` only, never exported by an entry.
#[wasm_bindgen(skip_typescript)]
pub struct Task {
    work: Work,
    result: Option<Result<JsValue, JsValue>>,
}

/// `work` run to its end: resolves with its value or rejects with its IntercomError.
pub(crate) fn promise(work: Work) -> Promise {
    drive_task(Task { work, result: None })
}

#[wasm_bindgen]
impl Task {
    /// Given what the last promise settled with (`undefined` at first, or when it rejected),
    /// the next promise to await, or `undefined` once `result` holds the value.
    pub fn step(&mut self, outcome: JsValue) -> Option<Promise> {
        if self.result.is_some() {
            return None;
        }
        match poll_driven(self.work.as_mut(), outcome) {
            Ok(r) => {
                self.result = Some(r.map_err(throw));
                None
            }
            Err(Some(next)) => Some(next),
            Err(None) => {
                self.result = Some(Err(throw(Error::invalid_response(0, "a promise", ""))));
                None
            }
        }
    }

    /// The value; the error is thrown.
    pub fn result(&mut self) -> Result<JsValue, JsValue> {
        self.result.take().unwrap_or(Ok(JsValue::UNDEFINED))
    }
}
