//! One HTTP exchange over `fetch` (method, URL, headers, body → status, headers, text), with
//! a per-attempt timeout and the caller's AbortSignal, and its retries as
//! `protocol::retry::Retrier` decides them. Every step is synchronous (`Exchange`); the
//! awaiting is done by a driver: `send` below for Rust callers, or the JS loop `drive` in attempt.js
//! for the package's `IntercomClient` (js/flight.rs), which then needs no Rust executor.

use super::bindings::now_ms;
use super::error::Failure;
use super::object::get_str;
use crate::protocol::call::HttpRequest;
use crate::protocol::error::Error;
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::redact;
use crate::protocol::response::ResponseHead;
use crate::protocol::retry::Retrier;
use crate::protocol::secret::Secret;
use crate::protocol::text::cat;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// How to send: which fetch, how long to wait per attempt, the caller's signal, and the most
/// of an answer's body to read (`protocol::config::MAX_RESPONSE_BYTES`, `TOKEN_RESPONSE_BYTES`).
pub struct Sender {
    pub fetch: Option<Function>,
    pub timeout_ms: u32,
    pub signal: Option<AbortSignal>,
    pub max_bytes: u32,
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
/// `protocol::response`). Not generic, so `send`'s loop is compiled once.
pub type Read<'a> = &'a mut dyn FnMut(&Answer) -> Result<(), Failure>;

/// One request with its retry state, advanced one settled promise at a time.
pub struct Exchange {
    pub request: HttpRequest,
    pub sender: Sender,
    pub retrier: Retrier,
    /// Secrets the request carries besides its `Authorization` token (a client secret, an
    /// authorization code): masked in any error made from the answer.
    pub secrets: Vec<Secret>,
}

/// What follows a settled attempt.
pub enum Step {
    /// `read` kept the answer.
    Done,
    /// Wait for this promise (the backoff), then make the next attempt.
    Wait(Promise),
    Failed(Failure),
}

impl Exchange {
    /// Starts one attempt: the promise attempt.js settles with its outcome. Never retried here.
    pub fn attempt(&self) -> Result<Promise, Error> {
        let x = &self.sender;
        if x.signal.as_ref().is_some_and(|s| s.aborted()) {
            return Err(Error::aborted());
        }
        let request = &self.request;
        // Method, URL and the header names and values in one string, NUL-separated: one
        // crossing instead of one per piece. None of them can hold a NUL: the method is ours,
        // and `protocol` refuses control characters in the base URL, the path and header
        // values, and allows only tchars in header names. The body, which may hold anything,
        // crosses alone.
        let mut head = cat(&[request.method.as_str(), "\0", &request.url]);
        for (k, v) in &request.headers {
            head.push('\0');
            head.push_str(k);
            head.push('\0');
            head.push_str(v);
        }
        Ok(run(
            x.fetch.as_ref(),
            &head,
            request.body.as_deref(),
            x.signal.as_ref(),
            x.timeout_ms,
            x.max_bytes,
        ))
    }

    /// Masks what this request carried (its Bearer token, `secrets`) and any other secret
    /// an echo may show, in `f` (see `Error::redact`). `body` is the answer the failure was
    /// read from: when it holds a secret, Intercom's raw `errors[]` (which reaches JS verbatim,
    /// `data` and all) is dropped for the masked copy.
    pub fn redact(&self, f: &mut Failure, body: Option<&str>) {
        let mut secrets: Vec<&str> = self.secrets.iter().map(Secret::expose).collect();
        for (name, value) in &self.request.headers {
            if name.eq_ignore_ascii_case("authorization") {
                secrets.push(value.strip_prefix("Bearer ").unwrap_or(value));
            }
        }
        if body.is_some_and(|b| redact::holds_secret(b, &secrets)) {
            f.raw_errors = None;
        }
        if f.error.redact(&secrets, body) {
            f.raw_errors = None;
        }
    }

    /// Takes what an attempt's promise settled with. `on_rate_limit` sees every answer's
    /// window, failed ones too; then the retrier decides between a wait and the failure.
    /// Generic over the reader: a package entry has one (the `Flight`'s), which is then
    /// inlined; called through `dyn`, it stayed a function of its own, and its caller with
    /// it (/client −825 B, /oauth −751 B, issue 12).
    pub fn settle<R: FnMut(&Answer) -> Result<(), Failure> + ?Sized>(
        &mut self,
        outcome: Result<JsValue, JsValue>,
        read: &mut R,
        on_rate_limit: &dyn Fn(Option<RateLimit>),
    ) -> Step {
        let (failure, retry_after) = match answer(outcome, &self.sender) {
            Ok(answer) => {
                on_rate_limit(answer.head.rate_limit);
                match read(&answer) {
                    Ok(()) => return Step::Done,
                    Err(mut f) => {
                        self.redact(&mut f, Some(&answer.text()));
                        (f, answer.head.retry_after_ms)
                    }
                }
            }
            Err(e) => {
                let mut f = Failure::from(e);
                self.redact(&mut f, None);
                (f, None)
            }
        };
        match self.retrier.after_failure(
            &failure.error,
            retry_after,
            now_ms(),
            js_sys::Math::random(),
        ) {
            Some(ms) => Step::Wait(sleep(ms as u32, self.sender.signal.as_ref())),
            None => Step::Failed(failure),
        }
    }
}

/// Sends with retries, for Rust callers: `Exchange` driven by awaiting its promises.
/// Boxed so it is compiled once, not inlined into every caller's future.
pub fn send<'a>(
    exchange: &'a mut Exchange,
    read: Read<'a>,
    on_rate_limit: &'a dyn Fn(Option<RateLimit>),
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Failure>> + 'a>> {
    use wasm_bindgen_futures::JsFuture;
    Box::pin(async move {
        loop {
            let outcome = JsFuture::from(exchange.attempt()?).await;
            match exchange.settle(outcome, read, on_rate_limit) {
                Step::Done => return Ok(()),
                // The next attempt sees the caller's abort.
                Step::Wait(wait) => {
                    let _ = JsFuture::from(wait).await;
                }
                Step::Failed(f) => return Err(f),
            }
        }
    })
}

/// The response headers `ResponseHead::read` asks for, read in JS in one go: attempt.js
/// holds the same list (`NAMES`, checked by a test below), so none crosses per attempt.
const HEADERS: [&str; 5] = [
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-request-id",
];

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// The controller, the timer, following the caller's signal, fetch and the body text (a
    /// custom fetch raced against the abort), in one call. Never rejects: resolves to
    /// `[0, status, body, ...HEADERS' values]` or `[1, timedOut, error]`.
    #[wasm_bindgen(js_name = attempt)]
    fn run(
        fetch: Option<&Function>,
        head: &str,
        body: Option<&str>,
        signal: Option<&AbortSignal>,
        timeout_ms: u32,
        max_bytes: u32,
    ) -> Promise;

    /// Resolves after `ms`, or as soon as `signal` aborts; never rejects. (`u32`: its
    /// conversion keeps this import in the glue module, where the snippet is inlined.)
    fn sleep(ms: u32, signal: Option<&AbortSignal>) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    /// `outcome[i]`, on an object (`answer` checks that once, so a read cannot throw). Not
    /// `Reflect::get`: that one makes the index a JS number first and catches, which wraps
    /// each read in a closure; the eight reads of an answer made 1.2 KB of garbage a call.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn at(outcome: &JsValue, i: u32) -> JsValue;
}

/// An attempt's outcome classified: the answer, or why there is none.
fn answer(outcome: Result<JsValue, JsValue>, x: &Sender) -> Result<Answer, Error> {
    // `run` never rejects, and always resolves to an array; anything else (a rejection, which
    // `drive` passes as undefined) would be a bug of ours, told as a network error.
    let object = matches!(&outcome, Ok(o) if o.is_object());
    let outcome = match outcome {
        Ok(o) if object && at(&o, 0).as_f64() == Some(0.0) => o,
        // attempt.js read a valid status before it counted the body.
        Ok(o) if object && at(&o, 0).as_f64() == Some(2.0) => {
            return Err(Error::response_too_large(
                x.max_bytes,
                at(&o, 1).as_f64().map(|s| s as u16),
            ));
        }
        failed => {
            let (timed_out, error) = match failed {
                Ok(o) if object => (at(&o, 1).as_bool() == Some(true), at(&o, 2)),
                Ok(e) | Err(e) => (false, e),
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

#[cfg(test)]
mod tests {
    /// attempt.js reads `HEADERS` by position: its list must be the same, in the same order.
    #[test]
    fn attempt_js_reads_the_same_headers() {
        let js = include_str!("attempt.js");
        let quoted: Vec<String> = super::HEADERS.iter().map(|h| format!("\"{h}\"")).collect();
        let list = format!("const NAMES = [{}];", quoted.join(", "));
        assert!(js.contains(&list), "attempt.js must declare {list}");
    }
}
