//! One HTTP exchange with Intercom over `fetch`, with a per-attempt timeout, the caller's
//! AbortSignal, and retries decided by `protocol::retry`.

use super::bindings::{clear_timeout, global_fetch, now_ms, set_timeout, sleep};
use super::error::Failure;
use super::object::{get_str, set};
use crate::protocol::error::{Error, ErrorItem, HttpFailure};
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::retry::{self, RetryPolicy};
use js_sys::{Function, Object, Reflect, JSON};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

/// Everything needed to send one call; built by the client from protocol functions.
pub struct Exchange<'a> {
    pub method: &'a str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub fetch: Option<&'a Function>,
    pub timeout_ms: u32,
    pub signal: Option<AbortSignal>,
    pub policy: RetryPolicy,
    pub may_retry: bool,
    pub version: &'a str,
}

/// A 2xx answer: its parsed JSON (`null` for an empty body) and the rate-limit window.
pub struct Success {
    pub json: JsValue,
    pub rate_limit: Option<RateLimit>,
}

/// Boxed so the retry/transport state machine is compiled once, not inlined into every
/// caller's future (that cost ~14 KB of wasm per caller).
pub fn send<'a>(
    x: &'a Exchange<'a>,
    on_rate_limit: &'a dyn Fn(Option<RateLimit>),
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Success, Failure>> + 'a>> {
    Box::pin(send_inner(x, on_rate_limit))
}

/// Sends with retries. `on_rate_limit` sees every answer's window, failed ones too.
async fn send_inner(
    x: &Exchange<'_>,
    on_rate_limit: &dyn Fn(Option<RateLimit>),
) -> Result<Success, Failure> {
    let mut waited = 0.0;
    let mut attempt = 0u32;
    loop {
        let (result, retry_after) = match attempt_once(x).await {
            Ok(answer) => {
                on_rate_limit(answer.rate_limit);
                (
                    classify(
                        x,
                        answer.status,
                        &answer.text,
                        answer.rate_limit,
                        answer.request_id,
                    ),
                    answer.retry_after,
                )
            }
            Err(e) => (Err(Failure::from(e)), None),
        };
        let failure = match result {
            Ok(success) => return Ok(success),
            Err(f) => f,
        };
        attempt += 1;
        let delay = if x.may_retry {
            retry::next_delay_ms(
                x.policy,
                attempt,
                waited,
                &failure.error,
                retry_after,
                now_ms(),
                js_sys::Math::random(),
            )
        } else {
            None
        };
        match delay {
            Some(ms) => {
                waited += ms;
                sleep(ms, x.signal.as_ref()).await;
                if x.signal.as_ref().is_some_and(|s| s.aborted()) {
                    return Err(Error::aborted().into());
                }
            }
            None => return Err(failure),
        }
    }
}

struct Answer {
    status: u16,
    text: String,
    rate_limit: Option<RateLimit>,
    request_id: Option<String>,
    retry_after: Option<f64>,
}

/// Clears the timer and the abort listener however the attempt ends.
struct Guard {
    timer: Option<JsValue>,
    signal: Option<AbortSignal>,
    listener: Option<Closure<dyn FnMut()>>,
    _on_timeout: Option<Closure<dyn FnMut()>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(t) = &self.timer {
            let _ = clear_timeout(t);
        }
        if let (Some(s), Some(l)) = (&self.signal, &self.listener) {
            let _ = s.remove_event_listener_with_callback("abort", l.as_ref().unchecked_ref());
        }
    }
}

async fn attempt_once(x: &Exchange<'_>) -> Result<Answer, Error> {
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

    // Only method, headers, body and signal: workerd rejects `mode` and `credentials`.
    let init = RequestInit::new();
    init.set_method(x.method);
    let headers = Object::new();
    for (k, v) in &x.headers {
        set(&headers, k, &JsValue::from_str(v));
    }
    init.set_headers(&headers);
    if let Some(body) = &x.body {
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
            .call2(&JsValue::UNDEFINED, &JsValue::from_str(&x.url), &init)
            .map(|p| js_sys::Promise::resolve(&p)),
        None => global_fetch(&x.url, &init),
    }
    .map_err(&why)?;
    let value = JsFuture::from(promise).await.map_err(&why)?;

    // Classify rather than trust: a custom fetch may resolve to anything.
    let status = Reflect::get(&value, &JsValue::from_str("status"))
        .ok()
        .and_then(|s| s.as_f64())
        .filter(|s| (100.0..=599.0).contains(s))
        .ok_or_else(|| {
            Error::invalid_response(
                0,
                "a fetch Response",
                "fetch resolved to something that is not a Response",
            )
        })? as u16;
    let response: Response = value.unchecked_into();
    let header = |name: &str| -> Option<String> { response.headers().get(name).ok().flatten() };
    let rate_limit = RateLimit::from_headers(
        header("x-ratelimit-limit").as_deref(),
        header("x-ratelimit-remaining").as_deref(),
        header("x-ratelimit-reset").as_deref(),
    );
    let retry_after_raw = header("retry-after");
    let retry_after = retry::retry_after_ms(
        retry_after_raw.as_deref(),
        retry_after_raw
            .as_deref()
            .map(js_sys::Date::parse)
            .filter(|d| !d.is_nan()),
        now_ms(),
    );
    let request_id = header("x-request-id");
    // The body is read under the same timeout: a server can hang after the headers.
    let text_promise = response.text().map_err(&why)?;
    let text = JsFuture::from(text_promise)
        .await
        .map_err(&why)?
        .as_string()
        .unwrap_or_default();
    drop(guard);
    Ok(Answer {
        status,
        text,
        rate_limit,
        request_id,
        retry_after,
    })
}

fn classify(
    x: &Exchange<'_>,
    status: u16,
    text: &str,
    rate_limit: Option<RateLimit>,
    header_request_id: Option<String>,
) -> Result<Success, Failure> {
    let parsed = if text.trim().is_empty() {
        Ok(JsValue::NULL)
    } else {
        JSON::parse(text)
    };
    if (200..300).contains(&status) {
        return match parsed {
            Ok(json) => Ok(Success { json, rate_limit }),
            Err(_) => Err(Error::invalid_response(status, "JSON", text).into()),
        };
    }
    let (errors, raw_errors, body_request_id) = match parsed.as_ref().ok().filter(|v| v.is_object())
    {
        Some(obj) if get_str(obj, "type").as_deref() == Some("error.list") => {
            let raw = Reflect::get(obj, &JsValue::from_str("errors"))
                .ok()
                .filter(js_sys::Array::is_array);
            let items = raw.as_ref().map(|r| read_items(r.unchecked_ref()));
            (items, raw, get_str(obj, "request_id"))
        }
        _ => (None, None, None),
    };
    let error = Error::from_http(HttpFailure {
        status,
        errors,
        request_id: body_request_id.or(header_request_id),
        body_excerpt: text,
        rate_limit,
        version: x.version,
        now_ms: now_ms(),
    });
    Err(Failure { error, raw_errors })
}

fn read_items(arr: &js_sys::Array) -> Vec<ErrorItem> {
    arr.iter()
        .filter(|v| v.is_object())
        .map(|v| ErrorItem {
            code: get_str(&v, "code").unwrap_or_else(|| "unknown".into()),
            message: get_str(&v, "message"),
            field: get_str(&v, "field"),
        })
        .collect()
}

/// A short text for a thrown value: its `message` if it has one, else its string form.
fn describe(err: &JsValue) -> String {
    if let Some(m) = err.is_object().then(|| get_str(err, "message")).flatten() {
        return m;
    }
    err.as_string().unwrap_or_default()
}
