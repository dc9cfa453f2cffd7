//! Turning an `Error` into the JS `IntercomError` users can `instanceof` and branch on.

use super::object::set;
use crate::protocol::error::Error;
use crate::protocol::rate_limit::RateLimit;
use js_sys::{Array, Function, Object, Reflect};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The package's `IntercomError` class, handed over by each entry file after init.
    /// Without it (a Rust user's own glue) errors are plain `Error`s with the same fields.
    /// A `Cell` read with `try_with` (below): std's borrow and destroyed-key panics, with
    /// their messages and Debug code, stay out of the wasm.
    static ERROR_CLASS: Cell<Option<Function>> = const { Cell::new(None) };
}

/// Makes `class` the constructor of every error handed to JS (see `js::error`).
pub fn register_error_class(class: JsValue) {
    if let Ok(f) = class.dyn_into::<Function>() {
        let _ = ERROR_CLASS.try_with(|c| c.set(Some(f)));
    }
}

/// An error on its way to JS, with Intercom's own `errors[]` kept verbatim (it may carry
/// `data`, such as `required_permissions`).
pub struct Failure {
    pub error: Error,
    pub raw_errors: Option<JsValue>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            raw_errors: None,
        }
    }
}

fn opt_str(v: &Option<String>) -> JsValue {
    v.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

fn opt_num(v: Option<f64>) -> JsValue {
    v.map(JsValue::from_f64).unwrap_or(JsValue::NULL)
}

/// `{ limit, remaining, resetAt }` (resetAt in ms since the epoch, like `Date.now()`).
pub fn rate_limit_to_js(rl: Option<&RateLimit>) -> JsValue {
    let Some(rl) = rl else { return JsValue::NULL };
    let o = Object::new();
    set(&o, "limit", &opt_num(rl.limit.map(|v| v as f64)));
    set(&o, "remaining", &opt_num(rl.remaining.map(|v| v as f64)));
    set(&o, "resetAt", &opt_num(rl.reset_at_ms));
    o.into()
}

fn errors_to_js(e: &Error) -> JsValue {
    let arr = Array::new();
    for item in &e.errors {
        let o = Object::new();
        set(&o, "code", &JsValue::from_str(&item.code));
        set(&o, "message", &opt_str(&item.message));
        if let Some(field) = &item.field {
            set(&o, "field", &JsValue::from_str(field));
        }
        arr.push(&o);
    }
    arr.into()
}

/// An `IntercomError` (or, without the package's class registered, a plain `Error` named so)
/// carrying `code`, `status`, `requestId`, `errors`, `rateLimit`, `retryable`, `hint`.
impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        to_js(&Failure::from(e))
    }
}

pub fn to_js(f: &Failure) -> JsValue {
    let e = &f.error;
    let message = JsValue::from_str(&e.message);
    // `try_with`: `with` would keep std's panic for a destroyed key, which cannot happen here.
    let constructed = ERROR_CLASS
        .try_with(|c| {
            let class = c.take();
            let made = class.as_ref().and_then(|class| {
                // `new Array` and `push`, imports the errors list needs anyway; `Array.of`
                // would be one more import in the wasm and the glue.
                let args = Array::new();
                args.push(&message);
                Reflect::construct(class, &args).ok()
            });
            c.set(class);
            made
        })
        .ok()
        .flatten();
    let err: JsValue = match constructed {
        Some(obj) => obj,
        None => {
            let plain = js_sys::Error::new(&e.message);
            set(&plain, "name", &JsValue::from_str("IntercomError"));
            plain.into()
        }
    };
    set(&err, "code", &JsValue::from_str(e.code.as_str()));
    set(&err, "status", &opt_num(e.status.map(f64::from)));
    set(&err, "requestId", &opt_str(&e.request_id));
    let errors = match &f.raw_errors {
        Some(raw) if Array::is_array(raw) => raw.clone(),
        _ => errors_to_js(e),
    };
    set(&err, "errors", &errors);
    set(&err, "rateLimit", &rate_limit_to_js(e.rate_limit.as_ref()));
    set(&err, "retryable", &JsValue::from_bool(e.retryable));
    set(&err, "hint", &JsValue::from_str(&e.hint));
    set(&err, "action", &JsValue::from_str(e.action().as_str()));
    if let Some(excerpt) = &e.excerpt {
        set(&err, "excerpt", &JsValue::from_str(excerpt));
    }
    err
}
