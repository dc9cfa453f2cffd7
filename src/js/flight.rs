//! One call in flight: an `IntercomClient` method, or one POST of the install flow
//! (`exchangeCode`, `uninstall`). The JS loop `drive` (rim/attempt.js) advances it: each `step`
//! takes what the last promise settled with and hands back the next one to await (a fetch
//! attempt or a backoff), or `undefined` once the call is over and `result` holds its value
//! or its error. Synchronous, so the wasm needs no async executor for them.

#[cfg(feature = "client")]
use super::client::{Inner, Op};
#[cfg(feature = "client")]
use super::connection::{connection_failed, me_region};
use super::json::{self, Success};
#[cfg(feature = "client")]
use super::options::{self, CallOptions};
#[cfg(feature = "client")]
use crate::protocol::call::Call;
#[cfg(feature = "client")]
use crate::protocol::endpoints;
use crate::protocol::error::Error;
use crate::protocol::rate_limit::RateLimit;
#[cfg(feature = "client")]
use crate::rim::bindings::now_ms;
use crate::rim::error::{to_js, Failure};
use crate::rim::transport::{Answer, Exchange, Step};
use js_sys::Promise;
#[cfg(feature = "client")]
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// Runs `flight` to its end: resolves with its value or rejects with its error.
    fn drive(flight: Flight) -> Promise;
}

/// What a flight does.
enum Work {
    /// An `IntercomClient` method.
    #[cfg(feature = "client")]
    Call {
        inner: Rc<Inner>,
        op: Op,
        call: CallOptions,
        started: f64,
        /// With `region: "auto"`, the request to make once the `/me` under way told the region.
        after_region: Option<Call>,
    },
    /// One POST to an OAuth endpoint, its exchange made up front (taken by the first step).
    /// `done` makes the value from the answer's JSON; `refused` names a failure (a 401 from
    /// the token endpoint).
    #[cfg(feature = "oauth")]
    Post {
        request: Option<Exchange>,
        version: &'static str,
        done: fn(JsValue) -> Result<JsValue, Error>,
        refused: fn(Error) -> Error,
    },
}

/// Internal to the package: handed to `drive` only, never exported by an entry.
#[wasm_bindgen(skip_typescript)]
pub struct Flight {
    work: Work,
    /// The exchange under way; a method's first step makes it.
    exchange: Option<Exchange>,
    /// The last promise handed out was a backoff: the next step is another attempt.
    waiting: bool,
    result: Option<Result<JsValue, JsValue>>,
}

impl Flight {
    /// An `IntercomClient` method's promise: `op` run by `drive`.
    #[cfg(feature = "client")]
    pub(super) fn launch(inner: Rc<Inner>, op: Op, call: &JsValue) -> Promise {
        let (call, failed) = match options::call_options(call) {
            Ok(call) => (call, None),
            Err(e) => (CallOptions::default(), Some(e)),
        };
        let work = Work::Call {
            inner,
            op,
            call,
            started: now_ms(),
            after_region: None,
        };
        Flight::fly(work, failed)
    }

    /// A POST's promise: `exchange` sent once by `drive`, or its error.
    #[cfg(feature = "oauth")]
    pub(crate) fn post(
        exchange: Result<Exchange, Error>,
        version: &'static str,
        done: fn(JsValue) -> Result<JsValue, Error>,
        refused: fn(Error) -> Error,
    ) -> Promise {
        let (request, failed) = match exchange {
            Ok(e) => (Some(e), None),
            Err(e) => (None, Some(e)),
        };
        let work = Work::Post {
            request,
            version,
            done,
            refused,
        };
        Flight::fly(work, failed)
    }

    /// `work` run by `drive`; or, when its input was refused, a promise that rejects with that.
    fn fly(work: Work, failed: Option<Error>) -> Promise {
        let mut flight = Flight {
            work,
            exchange: None,
            waiting: false,
            result: None,
        };
        if let Some(e) = failed {
            flight.finish(Err(e.into()));
        }
        drive(flight)
    }

    fn finish(&mut self, result: Result<JsValue, Failure>) {
        self.result = Some(match result {
            Ok(v) => Ok(v),
            // verifyConnection reports failures in its result instead of rejecting.
            #[cfg(feature = "client")]
            Err(f)
                if matches!(
                    self.work,
                    Work::Call {
                        op: Op::VerifyConnection,
                        ..
                    }
                ) =>
            {
                Ok(connection_failed(&f))
            }
            Err(f) => Err(to_js(&f)),
        });
    }

    /// The next promise, or `None` with `result` set.
    fn advance(&mut self, outcome: JsValue) -> Result<Option<Promise>, Failure> {
        let Flight {
            work,
            exchange,
            waiting,
            result,
        } = self;
        let Some(ex) = exchange.as_mut() else {
            let first = match work {
                // A method's request, after finding the host with "auto".
                #[cfg(feature = "client")]
                Work::Call {
                    inner,
                    op,
                    call,
                    after_region,
                    ..
                } => {
                    let request = inner.call_for(op)?;
                    let needs_region = inner.session(|s| s.needs_region(&request.path));
                    let first = if needs_region {
                        *after_region = Some(request);
                        Call::get(endpoints::ME)
                    } else {
                        request
                    };
                    inner.exchange(first, call)?
                }
                #[cfg(feature = "oauth")]
                Work::Post { request, .. } => request
                    .take()
                    .ok_or_else(|| Error::invalid_response(0, "an answer", ""))?,
            };
            return Ok(Some(exchange.insert(first).attempt()?));
        };
        if std::mem::take(waiting) {
            return Ok(Some(ex.attempt()?));
        }
        let version = match &*work {
            #[cfg(feature = "client")]
            Work::Call { inner, .. } => inner.config.version.as_str(),
            #[cfg(feature = "oauth")]
            Work::Post { version, .. } => version,
        };
        let mut success = None;
        let mut read = |a: &Answer| {
            success = Some(Success {
                json: json::read(a, version)?,
                rate_limit: a.head.rate_limit,
            });
            Ok(())
        };
        let record = |rl: Option<RateLimit>| {
            #[cfg(feature = "client")]
            if let (Work::Call { inner, .. }, Some(_)) = (&*work, rl) {
                inner.last_rate_limit.set(rl);
            }
            let _ = rl;
        };
        match ex.settle(Ok(outcome), &mut read, &record) {
            Step::Done => {}
            Step::Wait(wait) => {
                *waiting = true;
                return Ok(Some(wait));
            }
            Step::Failed(f) => {
                return Err(match &*work {
                    #[cfg(feature = "oauth")]
                    Work::Post { refused, .. } => Failure::from(refused(f.error)),
                    #[cfg(feature = "client")]
                    Work::Call { .. } => f,
                })
            }
        }
        let answer = success.ok_or_else(|| Error::invalid_response(0, "an answer", ""))?;
        let value = match work {
            #[cfg(feature = "oauth")]
            Work::Post { done, .. } => done(answer.json)?,
            #[cfg(feature = "client")]
            Work::Call {
                inner,
                op,
                call,
                started,
                after_region,
            } => {
                if let Some(request) = after_region.take() {
                    let app_region = me_region(&answer.json);
                    inner.session(|s| s.learn(app_region.as_deref()))?;
                    let next = inner.exchange(request, call)?;
                    return Ok(Some(exchange.insert(next).attempt()?));
                }
                inner.value_of(op, answer, *started)?
            }
        };
        *result = Some(Ok(value));
        Ok(None)
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
