//! One `IntercomClient` call in flight. The JS loop `drive` (rim/attempt.js) advances it: each `step`
//! takes what the last promise settled with and hands back the next one to await (a fetch
//! attempt or a backoff), or `undefined` once the call is over and `result` holds its value
//! or its error. Synchronous, so the wasm needs no async executor.

use super::client::{Inner, Op};
use super::connection::{connection_failed, me_region};
use super::json::{self, Success};
use super::options::{self, CallOptions};
use crate::protocol::call::Call;
use crate::protocol::endpoints;
use crate::protocol::error::Error;
use crate::protocol::rate_limit::RateLimit;
use crate::rim::bindings::now_ms;
use crate::rim::error::{to_js, Failure};
use crate::rim::transport::{Answer, Exchange, Step};
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// Runs `flight` to its end: resolves with its value or rejects with its error.
    fn drive(flight: Flight) -> Promise;
}

/// Internal to the package: handed to `drive` only, never exported by an entry.
#[wasm_bindgen(skip_typescript)]
pub struct Flight {
    inner: Rc<Inner>,
    op: Op,
    call: CallOptions,
    started: f64,
    /// The exchange under way; the first step makes it.
    exchange: Option<Exchange>,
    /// With `region: "auto"`, the request to make once the `/me` under way told the region.
    after_region: Option<Call>,
    /// The last promise handed out was a backoff: the next step is another attempt.
    waiting: bool,
    result: Option<Result<JsValue, JsValue>>,
}

impl Flight {
    /// The method's promise: `op` run by `drive`.
    pub(super) fn launch(inner: Rc<Inner>, op: Op, call: &JsValue) -> Promise {
        let mut flight = Flight {
            inner,
            op,
            call: CallOptions::default(),
            started: now_ms(),
            exchange: None,
            after_region: None,
            waiting: false,
            result: None,
        };
        match options::call_options(call) {
            Ok(call) => flight.call = call,
            Err(e) => flight.finish(Err(e.into())),
        }
        drive(flight)
    }

    fn finish(&mut self, result: Result<JsValue, Failure>) {
        self.result = Some(match result {
            Ok(v) => Ok(v),
            // verifyConnection reports failures in its result instead of rejecting.
            Err(f) if matches!(self.op, Op::VerifyConnection) => Ok(connection_failed(&f)),
            Err(f) => Err(to_js(&f)),
        });
    }

    /// The next promise, or `None` with `result` set.
    fn advance(&mut self, outcome: JsValue) -> Result<Option<Promise>, Failure> {
        let Some(exchange) = self.exchange.as_mut() else {
            let call = self.inner.call_for(&self.op)?;
            // "auto": find the workspace's host first.
            let needs_region = self.inner.session(|s| s.needs_region(&call.path));
            let first = if needs_region {
                self.after_region = Some(call);
                Call::get(endpoints::ME)
            } else {
                call
            };
            return self.start(first).map(Some);
        };
        if std::mem::take(&mut self.waiting) {
            return Ok(Some(exchange.attempt()?));
        }
        let inner = &self.inner;
        let mut success = None;
        let mut read = |a: &Answer| {
            success = Some(Success {
                json: json::read(a, &inner.config.version)?,
                rate_limit: a.head.rate_limit,
            });
            Ok(())
        };
        let record = |rl: Option<RateLimit>| {
            if rl.is_some() {
                inner.last_rate_limit.set(rl);
            }
        };
        match exchange.settle(Ok(outcome), &mut read, &record) {
            Step::Done => {}
            Step::Wait(wait) => {
                self.waiting = true;
                return Ok(Some(wait));
            }
            Step::Failed(f) => return Err(f),
        }
        let answer = success.ok_or_else(|| Error::invalid_response(0, "an answer", ""))?;
        if let Some(call) = self.after_region.take() {
            let app_region = me_region(&answer.json);
            self.inner.session(|s| s.learn(app_region.as_deref()))?;
            return self.start(call).map(Some);
        }
        let value = self.inner.value_of(&self.op, answer, self.started)?;
        self.result = Some(Ok(value));
        Ok(None)
    }

    /// An exchange's first attempt.
    fn start(&mut self, call: Call) -> Result<Promise, Failure> {
        let exchange = self.inner.exchange(call, &self.call)?;
        let attempt = exchange.attempt()?;
        self.exchange = Some(exchange);
        Ok(attempt)
    }
}

#[wasm_bindgen]
impl Flight {
    /// Given what the last promise settled with (`undefined` at first), the next promise to
    /// await, or `undefined` when the call is over.
    pub fn step(&mut self, outcome: JsValue) -> Option<Promise> {
        if self.result.is_some() {
            return None;
        }
        match self.advance(outcome) {
            Ok(next) => next,
            Err(f) => {
                self.finish(Err(f));
                None
            }
        }
    }

    /// The call's value; its error is thrown.
    pub fn result(&mut self) -> Result<JsValue, JsValue> {
        self.result.take().unwrap_or(Ok(JsValue::UNDEFINED))
    }
}
