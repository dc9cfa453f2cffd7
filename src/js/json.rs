//! Answers read as JSON by the platform (`JSON.parse`), so JS callers get Intercom's JSON
//! untouched; `protocol::response` decides what they mean.

use crate::protocol::error::ErrorItem;
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::response::{self, Body, ErrorList};
use crate::rim::bindings::now_ms;
use crate::rim::error::Failure;
use crate::rim::object::get_str;
use crate::rim::transport::Answer;
use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A 2xx answer: its parsed JSON (`null` for an empty body) and the rate-limit window.
pub(crate) struct Success {
    pub json: JsValue,
    pub rate_limit: Option<RateLimit>,
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on the JS string itself: `js_sys::JSON::parse` takes a `&str`, which
    /// would copy the body into wasm memory and back out for nothing.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// The parsed body of a result, or the classified failure with Intercom's `errors[]` kept
/// verbatim (it may carry `data`, such as `required_permissions`).
pub fn read(answer: &Answer, version: &str) -> Result<JsValue, Failure> {
    let parsed = parse(&answer.body);
    // Only a failure is described from the text (its excerpt, a blank body): a parsed 2xx
    // body, the common case, is never copied into Rust.
    let text = match &parsed {
        Ok(_) if response::is_success(answer.head.status) => String::new(),
        _ => answer.text(),
    };
    // JSON.parse refuses a blank body, which stands for `null`.
    let parsed = match parsed {
        Err(_) if response::is_blank(&text) => Ok(JsValue::NULL),
        p => p,
    };
    let (body, raw_errors) = match &parsed {
        Err(_) => (Body::NotJson, None),
        Ok(_) if response::is_success(answer.head.status) => (Body::Json(None), None),
        Ok(v) => match error_list(v) {
            Some((list, raw)) => (Body::Json(Some(list)), raw),
            None => (Body::Json(None), None),
        },
    };
    match response::classify(&answer.head, &text, body, version, now_ms()) {
        Ok(()) => Ok(parsed.unwrap_or(JsValue::NULL)),
        Err(error) => Err(Failure { error, raw_errors }),
    }
}

fn error_list(v: &JsValue) -> Option<(ErrorList, Option<JsValue>)> {
    if !v.is_object() || get_str(v, "type").as_deref() != Some("error.list") {
        return None;
    }
    let raw = Reflect::get(v, &JsValue::from_str("errors"))
        .ok()
        .filter(Array::is_array);
    // A loop with `push`, not filter/map/collect: the iterator chain compiled to a function
    // of its own next to the loop.
    let errors = raw.as_ref().map(|r| {
        let mut items = Vec::new();
        for v in r.unchecked_ref::<Array>().iter() {
            if v.is_object() {
                items.push(ErrorItem {
                    code: get_str(&v, "code").unwrap_or_else(response::unknown_code),
                    message: get_str(&v, "message"),
                    field: get_str(&v, "field"),
                });
            }
        }
        items
    });
    let list = ErrorList {
        errors,
        request_id: get_str(v, "request_id"),
    };
    Some((list, raw))
}
