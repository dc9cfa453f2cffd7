//! One HTTP exchange over `fetch` (method, URL, headers, body → status, headers, text), with
//! a per-attempt timeout and the caller's AbortSignal; and the retry loop that drives
//! `protocol::retry::Retrier`. Decisions live in `protocol`.

use super::bindings::{now_ms, sleep};
use super::error::Failure;
use super::object::get_str;
use crate::protocol::call::HttpRequest;
use crate::protocol::error::Error;
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::response::ResponseHead;
use crate::protocol::retry::Retrier;
use crate::protocol::text::cat;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// How to send: which fetch, how long to wait per attempt, the caller's signal.
pub struct Sender<'a> {
    pub fetch: Option<&'a Function>,
    pub timeout_ms: u32,
    pub signal: Option<AbortSignal>,
}

/// What one attempt brought back. The body stays a JS string: a result is parsed by
/// `JSON.parse` straight from it, so a large answer never crosses into wasm memory and back.
pub struct Answer {
    pub head: ResponseHead,
    pub body: js_sys::JsString,
}

impl Answer {
    /// The body copied into Rust, for the readers that need its text (errors, the Rust API).
    pub fn text(&self) -> String {
        String::from(&self.body)
    }
}

/// Reads an answer, keeping what it needs, or gives the classified failure (see
/// `protocol::response`). Not generic, so the loop is compiled once.
pub type Read<'a> = &'a mut dyn FnMut(&Answer) -> Result<(), Failure>;

/// Sends with retries; `on_rate_limit` sees every answer's window, failed ones too.
/// Boxed so the retry state machine is compiled once, not inlined into every caller's
/// future (that cost ~14 KB of wasm per caller).
pub fn send<'a>(
    request: &'a HttpRequest,
    sender: &'a Sender<'a>,
    mut retrier: Retrier,
    read: Read<'a>,
    on_rate_limit: &'a dyn Fn(Option<RateLimit>),
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Failure>> + 'a>> {
    Box::pin(async move {
        loop {
            let (failure, retry_after) = match attempt(request, sender).await {
                Ok(answer) => {
                    on_rate_limit(answer.head.rate_limit);
                    match read(&answer) {
                        Ok(()) => return Ok(()),
                        Err(f) => (f, answer.head.retry_after_ms),
                    }
                }
                Err(e) => (Failure::from(e), None),
            };
            match retrier.after_failure(
                &failure.error,
                retry_after,
                now_ms(),
                js_sys::Math::random(),
            ) {
                Some(ms) => {
                    sleep(ms, sender.signal.as_ref()).await;
                    if sender.signal.as_ref().is_some_and(|s| s.aborted()) {
                        return Err(Error::aborted().into());
                    }
                }
                None => return Err(failure),
            }
        }
    })
}

/// The response headers `ResponseHead::read` asks for, read in JS in one go (attempt.js).
const HEADERS: [&str; 5] = [
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-request-id",
];

thread_local! {
    /// `HEADERS` as a JS array, built once rather than copied across on every attempt.
    static HEADER_NAMES: js_sys::Array = HEADERS.iter().map(|h| JsValue::from_str(h)).collect();
}

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// The controller, the timer, following the caller's signal, fetch and the body text
    /// raced against the abort, in one call. Never rejects: resolves to
    /// `[0, status, body, ...HEADERS' values]` or `[1, timedOut, error]`.
    #[wasm_bindgen(js_name = attempt)]
    fn run(
        fetch: Option<&Function>,
        head: &str,
        body: Option<&str>,
        signal: Option<&AbortSignal>,
        timeout_ms: u32,
        names: &js_sys::Array,
    ) -> js_sys::Promise;
}

/// `outcome[i]`, or `undefined`.
fn at(outcome: &JsValue, i: u32) -> JsValue {
    Reflect::get(outcome, &JsValue::from(i)).unwrap_or(JsValue::UNDEFINED)
}

/// One fetch, never retried here. The body is read under the same timeout: a server can
/// hang after the headers.
pub async fn attempt(request: &HttpRequest, x: &Sender<'_>) -> Result<Answer, Error> {
    if x.signal.as_ref().is_some_and(|s| s.aborted()) {
        return Err(Error::aborted());
    }
    // Method, URL and the header names and values in one string, NUL-separated: one crossing
    // instead of one per piece. None of them can hold a NUL: the method is ours, and
    // `protocol` refuses control characters in the base URL, the path and header values,
    // and allows only tchars in header names. The body, which may hold anything, crosses alone.
    let mut head = cat(&[request.method.as_str(), "\0", &request.url]);
    for (k, v) in &request.headers {
        head.push('\0');
        head.push_str(k);
        head.push('\0');
        head.push_str(v);
    }
    let promise = HEADER_NAMES.with(|names| {
        run(
            x.fetch,
            &head,
            request.body.as_deref(),
            x.signal.as_ref(),
            x.timeout_ms,
            names,
        )
    });
    // `run` never rejects; a rejection would be a bug of ours, told as a network error.
    let outcome = match JsFuture::from(promise).await {
        Ok(o) if at(&o, 0).as_f64() == Some(0.0) => o,
        failed => {
            let (timed_out, error) = match &failed {
                Ok(o) => (at(o, 1).as_bool() == Some(true), at(o, 2)),
                Err(e) => (false, e.clone()),
            };
            return Err(if timed_out {
                Error::timeout(x.timeout_ms)
            } else if x.signal.as_ref().is_some_and(|s| s.aborted()) {
                Error::aborted()
            } else {
                Error::network_error(&describe(&error))
            });
        }
    };
    // Classify rather than trust: a custom fetch may resolve to anything.
    let header = |name: &str| -> Option<String> {
        let i = HEADERS.iter().position(|h| *h == name)?;
        at(&outcome, 3 + i as u32).as_string()
    };
    let http_date = |d: &str| Some(js_sys::Date::parse(d)).filter(|d| !d.is_nan());
    let head = ResponseHead::read(at(&outcome, 1).as_f64(), &header, &http_date, now_ms())?;
    let body = at(&outcome, 2)
        .dyn_into::<js_sys::JsString>()
        .unwrap_or_else(|_| js_sys::JsString::from(""));
    Ok(Answer { head, body })
}

/// A short text for a thrown value: its `message` if it has one, else its string form.
fn describe(err: &JsValue) -> String {
    if let Some(m) = err.is_object().then(|| get_str(err, "message")).flatten() {
        return m;
    }
    err.as_string().unwrap_or_default()
}
