//! One call in flight: an `IntercomClient` method, one POST of the install flow
//! (`exchangeCode`, `uninstall`), or an async export's future (`promise`). The JS loop
//! `drive` (rim/attempt.js) advances it: each `step` takes what the last promise settled with
//! and hands back the next one to await (a fetch attempt, a backoff, a WebCrypto promise), or
//! `undefined` once the call is over and `result` holds its value or its error. One class
//! for all three: a second one cost its glue and its exported step in every entry.

#[cfg(feature = "client")]
use super::client::{Inner, Op};
#[cfg(feature = "client")]
use super::connection::{connection_failed, me_region};
#[cfg(any(feature = "client", feature = "oauth"))]
use super::json::{self, Success};
#[cfg(feature = "client")]
use super::options::{self, CallOptions};
#[cfg(feature = "client")]
use crate::protocol::call::Call;
#[cfg(feature = "client")]
use crate::protocol::endpoints;
use crate::protocol::error::Error;
#[cfg(any(feature = "client", feature = "oauth"))]
use crate::protocol::rate_limit::RateLimit;
#[cfg(feature = "client")]
use crate::rim::bindings::now_ms;
use crate::rim::error::{to_js, Failure};
#[cfg(any(feature = "client", feature = "oauth"))]
use crate::rim::transport::{Answer, Exchange, Step};
use js_sys::Promise;
#[cfg(any(feature = "client", feature = "oauth"))]
use std::cell::Cell;
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
    /// One POST to an OAuth endpoint, its exchange made up front. `done` makes the value from
    /// the answer's JSON; `refused` names a failure (a 401 from the token endpoint).
    #[cfg(feature = "oauth")]
    Post {
        version: &'static str,
        done: fn(JsValue) -> Result<JsValue, Error>,
        refused: fn(Error) -> Error,
    },
    /// An async export's future, each promise it awaits handed over by rim/settle.rs.
    #[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
    Task(Task),
}

/// An async export's work (the install flow's crypto, sealed tokens, webhooks, the toolkit);
/// boxed, so one kind of `Flight` serves every export.
#[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
pub(crate) type Task = std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, Error>>>>;

/// An async export's promise: `task` stepped by `drive`; resolves with its value or rejects
/// with its IntercomError.
#[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
pub(crate) fn promise(task: Task) -> Promise {
    drive(Flight {
        work: Work::Task(task),
        #[cfg(any(feature = "client", feature = "oauth"))]
        exchange: None,
        #[cfg(any(feature = "client", feature = "oauth"))]
        attempt_next: false,
        result: None,
    })
}

/// Internal to the package: handed to `drive` only, never exported by an entry.
#[wasm_bindgen(skip_typescript)]
pub struct Flight {
    work: Work,
    /// The exchange under way; a method's first step makes it, a POST starts with it.
    #[cfg(any(feature = "client", feature = "oauth"))]
    exchange: Option<Exchange>,
    /// The next step makes an attempt: a POST's first, or the one after a backoff.
    #[cfg(any(feature = "client", feature = "oauth"))]
    attempt_next: bool,
    result: Option<Result<JsValue, JsValue>>,
}

impl Flight {
    /// An `IntercomClient` method's promise: `op` run by `drive`.
    #[cfg(feature = "client")]
    pub(super) fn launch(inner: Rc<Inner>, op: Op, call: &JsValue) -> Promise {
        drive(Flight::for_call(inner, Ok(op), call))
    }

    /// `paginate()`'s async iterable: each page a call of `paging`, stepped by `pages`
    /// (rim/attempt.js), which takes each page's items from `result`.
    #[cfg(feature = "client")]
    pub(super) fn pages(
        inner: Rc<Inner>,
        paging: Result<Box<super::pages::Paging>, Error>,
        call: &JsValue,
    ) -> JsValue {
        super::pages::pages(Flight::for_call(inner, paging.map(Op::Pages), call))
    }

    /// A method's flight, its call options read; with its error as the result when `op` or
    /// the options were refused. One constructor for both drivers, so it is compiled once.
    #[cfg(feature = "client")]
    fn for_call(inner: Rc<Inner>, op: Result<Op, Error>, call: &JsValue) -> Flight {
        let (call, mut failed) = match options::call_options(call) {
            Ok(call) => (call, None),
            Err(e) => (CallOptions::default(), Some(e)),
        };
        let op = op.unwrap_or_else(|e| {
            failed = Some(e);
            Op::Me
        });
        let mut flight = Flight {
            work: Work::Call {
                inner,
                op,
                call,
                started: now_ms(),
                after_region: None,
            },
            exchange: None,
            attempt_next: false,
            result: None,
        };
        if let Some(e) = failed {
            flight.finish(Err(e.into()));
        }
        flight
    }

    /// A POST's promise: `exchange` sent once by `drive`, or its error.
    #[cfg(feature = "oauth")]
    pub(crate) fn post(
        exchange: Result<Exchange, Error>,
        version: &'static str,
        done: fn(JsValue) -> Result<JsValue, Error>,
        refused: fn(Error) -> Error,
    ) -> Promise {
        let work = Work::Post {
            version,
            done,
            refused,
        };
        match exchange {
            Ok(e) => Flight::fly(work, Some(e), None),
            Err(e) => Flight::fly(work, None, Some(e)),
        }
    }

    /// `work` run by `drive`, from `exchange` if it has one; or, when its input was refused, a
    /// promise that rejects with that.
    #[cfg(any(feature = "client", feature = "oauth"))]
    fn fly(work: Work, exchange: Option<Exchange>, failed: Option<Error>) -> Promise {
        let mut flight = Flight {
            work,
            attempt_next: exchange.is_some(),
            exchange,
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
    #[cfg(any(feature = "client", feature = "oauth"))]
    fn advance(&mut self, outcome: JsValue) -> Result<Option<Promise>, Failure> {
        let Flight {
            work,
            exchange,
            attempt_next,
            result,
        } = self;
        let Some(ex) = exchange.as_mut() else {
            // A method's first step: its request, after finding the host with "auto". (A POST
            // starts with its exchange, `fly`.)
            #[cfg(feature = "client")]
            #[allow(irrefutable_let_patterns)] // the only kind of work without `oauth`
            if let Work::Call {
                inner,
                op,
                call,
                after_region,
                ..
            } = work
            {
                // A paging that is over: `pages` ends on an undefined result.
                if let Op::Pages(paging) = op {
                    if paging.is_over() {
                        *result = Some(Ok(JsValue::UNDEFINED));
                        return Ok(None);
                    }
                }
                let request = inner.call_for(op)?;
                let needs_region = inner.session(|s| s.needs_region(&request.path));
                let first = if needs_region {
                    *after_region = Some(request);
                    Call::get(endpoints::ME)
                } else {
                    request
                };
                let first = inner.exchange(first, call)?;
                return Ok(Some(exchange.insert(first).attempt()?));
            }
            return Err(Error::invalid_response(0, "an answer", "").into());
        };
        if std::mem::take(attempt_next) {
            return Ok(Some(ex.attempt()?));
        }
        // The client's rate-limit record; a POST keeps none.
        let (version, last_rate_limit): (&str, Option<&Cell<Option<RateLimit>>>) = match &*work {
            #[cfg(feature = "client")]
            Work::Call { inner, .. } => {
                (inner.config.version.as_str(), Some(&inner.last_rate_limit))
            }
            #[cfg(feature = "oauth")]
            Work::Post { version, .. } => (*version, None),
            // A task has no exchange: `step` polls it before coming here.
            #[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
            Work::Task(_) => return Err(Error::invalid_response(0, "an answer", "").into()),
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
            if let (Some(last), Some(_)) = (last_rate_limit, rl) {
                last.set(rl);
            }
        };
        match ex.settle(Ok(outcome), &mut read, &record) {
            Step::Done => {}
            Step::Wait(wait) => {
                *attempt_next = true;
                return Ok(Some(wait));
            }
            Step::Failed(f) => {
                return Err(match &*work {
                    #[cfg(feature = "oauth")]
                    Work::Post { refused, .. } => Failure::from(refused(f.error)),
                    #[cfg(feature = "client")]
                    Work::Call { .. } => f,
                    #[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
                    Work::Task(_) => f,
                })
            }
        }
        let answer = success.ok_or_else(|| Error::invalid_response(0, "an answer", ""))?;
        let value = match work {
            #[cfg(feature = "oauth")]
            Work::Post { done, .. } => done(answer.json)?,
            #[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
            Work::Task(_) => answer.json,
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
                // A page: its items are the result; the next step starts the next page.
                if let Op::Pages(paging) = op {
                    *exchange = None;
                    *result = Some(Ok(paging.take(&answer.json)?));
                    return Ok(None);
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
        #[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
        #[allow(irrefutable_let_patterns)] // the only kind of work with `webhooks` alone
        if let Work::Task(future) = &mut self.work {
            let result = match crate::rim::settle::poll_driven(future.as_mut(), outcome) {
                Ok(r) => r,
                Err(Some(next)) => return Some(next),
                // It awaited something that is not a settle, which nothing here does.
                Err(None) => Err(Error::invalid_response(0, "a promise", "")),
            };
            self.finish(result.map_err(Failure::from));
            return None;
        }
        #[cfg(any(feature = "client", feature = "oauth"))]
        match self.advance(outcome) {
            Ok(next) => next,
            Err(f) => {
                self.finish(Err(f));
                None
            }
        }
        #[cfg(not(any(feature = "client", feature = "oauth")))]
        None
    }

    /// The call's value; its error is thrown.
    pub fn result(&mut self) -> Result<JsValue, JsValue> {
        self.result.take().unwrap_or(Ok(JsValue::UNDEFINED))
    }
}
