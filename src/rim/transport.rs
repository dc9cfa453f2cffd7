//! One HTTP exchange over `fetch` (method, URL, headers, body → status, headers, text), with
//! a per-attempt timeout and the caller's AbortSignal; and the retry loop that drives
//! `protocol::retry::Retrier`. Decisions live in `protocol`.

use super::bindings::{clear_timeout, global_fetch, now_ms, set_timeout, sleep};
use super::error::Failure;
use super::object::{get_str, set};
use crate::protocol::call::HttpRequest;
use crate::protocol::error::Error;
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::response::ResponseHead;
use crate::protocol::retry::Retrier;
use js_sys::{Function, Object, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

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

/// Clears the timer and the abort listener however the attempt ends.
struct Guard {
    timer: Option<JsValue>,
    signal: Option<AbortSignal>,
    listener: Option<Closure<dyn FnMut()>>,
    _on_timeout: Option<Closure<dyn FnMut()>>,
    /// Our controller's signal and the listener that rejects `stopped`. Left on the signal,
    /// it keeps the settled races (the Response, the body text) reachable from the signal,
    /// which Node's fetch holds in a FinalizationRegistry until a later GC: the heap grew to
    /// ~160 MB between forced GCs over 25,000 calls.
    stop: Option<(AbortSignal, js_sys::Function)>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(t) = &self.timer {
            let _ = clear_timeout(t);
        }
        if let (Some(s), Some(l)) = (&self.signal, &self.listener) {
            let _ = s.remove_event_listener_with_callback("abort", l.as_ref().unchecked_ref());
        }
        if let Some((s, l)) = &self.stop {
            let _ = s.remove_event_listener_with_callback("abort", l);
        }
    }
}

/// One fetch, never retried here. The body is read under the same timeout: a server can
/// hang after the headers.
pub async fn attempt(request: &HttpRequest, x: &Sender<'_>) -> Result<Answer, Error> {
    if x.signal.as_ref().is_some_and(|s| s.aborted()) {
        return Err(Error::aborted());
    }
    let controller = AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let mut guard = Guard {
        timer: None,
        signal: None,
        listener: None,
        _on_timeout: None,
        stop: None,
    };

    if let Some(ctrl) = &controller {
        let (flag, c) = (timed_out.clone(), ctrl.clone());
        let on_timeout = Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            c.abort();
        });
        guard.timer =
            set_timeout(on_timeout.as_ref().unchecked_ref(), f64::from(x.timeout_ms)).ok();
        guard._on_timeout = Some(on_timeout);
        if let Some(sig) = &x.signal {
            let c = ctrl.clone();
            let listener = Closure::<dyn FnMut()>::new(move || c.abort());
            if sig
                .add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref())
                .is_ok()
            {
                guard.signal = Some(sig.clone());
                guard.listener = Some(listener);
            }
        }
    }

    // Rejects once our controller aborts (timeout or the caller's signal): a custom fetch, or
    // a body, that ignores the signal must not keep the call from ending (found by fuzzing).
    let stopped = js_sys::Promise::new(&mut |_, reject| {
        if let Some(ctrl) = &controller {
            let signal = ctrl.signal();
            if signal
                .add_event_listener_with_callback("abort", &reject)
                .is_ok()
            {
                guard.stop = Some((signal, reject));
            }
        }
    });
    let until_stopped =
        |p: &js_sys::Promise| js_sys::Promise::race(&js_sys::Array::of2(p, &stopped));

    // Only method, headers, body and signal: workerd rejects `mode` and `credentials`.
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    let headers = Object::new();
    for (k, v) in &request.headers {
        set(&headers, k, &JsValue::from_str(v));
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(ctrl) = &controller {
        init.set_signal(Some(&ctrl.signal()));
    }

    let why = |err: JsValue| -> Error {
        if timed_out.get() {
            Error::timeout(x.timeout_ms)
        } else if x.signal.as_ref().is_some_and(|s| s.aborted()) {
            Error::aborted()
        } else {
            Error::network_error(&describe(&err))
        }
    };

    let promise = match x.fetch {
        Some(f) => f
            .call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)
            .map(|p| js_sys::Promise::resolve(&p)),
        None => global_fetch(&request.url, &init),
    }
    .map_err(&why)?;
    let value = JsFuture::from(until_stopped(&promise))
        .await
        .map_err(&why)?;

    // Classify rather than trust: a custom fetch may resolve to anything.
    let status = Reflect::get(&value, &JsValue::from_str("status"))
        .ok()
        .and_then(|s| s.as_f64());
    // Through Reflect: a custom fetch's object may have a throwing `headers` getter.
    let headers: web_sys::Headers = Reflect::get(&value, &JsValue::from_str("headers"))
        .unwrap_or(JsValue::UNDEFINED)
        .unchecked_into();
    let response: Response = value.unchecked_into();
    let header = |name: &str| -> Option<String> { headers.get(name).ok().flatten() };
    let http_date = |d: &str| Some(js_sys::Date::parse(d)).filter(|d| !d.is_nan());
    let head = ResponseHead::read(status, &header, &http_date, now_ms())?;
    let text_promise = response.text().map_err(&why)?;
    // `text()` of a custom object may return anything; resolve() makes it a Promise.
    let body = JsFuture::from(until_stopped(&js_sys::Promise::resolve(&text_promise)))
        .await
        .map_err(&why)?
        .dyn_into::<js_sys::JsString>()
        .unwrap_or_else(|_| js_sys::JsString::from(""));
    drop(guard);
    Ok(Answer { head, body })
}

/// A short text for a thrown value: its `message` if it has one, else its string form.
fn describe(err: &JsValue) -> String {
    if let Some(m) = err.is_object().then(|| get_str(err, "message")).flatten() {
        return m;
    }
    err.as_string().unwrap_or_default()
}
