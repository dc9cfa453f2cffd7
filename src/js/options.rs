//! Reading option objects that come from JS. Every value is classified, never trusted:
//! a wrong type is an `invalid_argument` naming the option, never a panic.

use crate::protocol::config::{Bound, MAX_RETRIES, TIMEOUT_MS};
use crate::protocol::error::Error;
use crate::protocol::text::cat;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// Reads `obj[key]`; `undefined` and `null` are "not given". A throwing getter is bad input.
pub fn field(obj: &JsValue, key: &str) -> Result<Option<JsValue>, Error> {
    if obj.is_undefined() || obj.is_null() {
        return Ok(None);
    }
    let v = Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| Error::invalid_argument(cat(&[key, ": could not be read"])))?;
    Ok((!v.is_undefined() && !v.is_null()).then_some(v))
}

pub fn string(obj: &JsValue, key: &str) -> Result<Option<String>, Error> {
    match field(obj, key)? {
        None => Ok(None),
        Some(v) => v
            .as_string()
            .map(Some)
            .ok_or_else(|| Error::invalid_argument(cat(&[key, ": expected a string"]))),
    }
}

/// A whole-number option, checked against its bound (`protocol::config`).
pub fn number(obj: &JsValue, bound: &Bound) -> Result<Option<u32>, Error> {
    match field(obj, bound.name)? {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(n) => bound.check(n).map(Some),
            None => Err(Error::invalid_argument(cat(&[
                bound.name,
                ": expected a number",
            ]))),
        },
    }
}

pub fn boolean(obj: &JsValue, key: &str) -> Result<Option<bool>, Error> {
    match field(obj, key)? {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| Error::invalid_argument(cat(&[key, ": expected true or false"]))),
    }
}

pub fn function(obj: &JsValue, key: &str) -> Result<Option<Function>, Error> {
    match field(obj, key)? {
        None => Ok(None),
        Some(v) => v
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| Error::invalid_argument(cat(&[key, ": expected a function"]))),
    }
}

/// An options argument must be an object (or absent, when `required` is false).
pub fn object(value: &JsValue, name: &str, required: bool) -> Result<(), Error> {
    let absent = value.is_undefined() || value.is_null();
    if (value.is_object() && !value.is_function()) || (!required && absent) {
        Ok(())
    } else {
        Err(Error::invalid_argument(cat(&[
            name,
            ": expected an object",
        ])))
    }
}

/// `{ "X-Name": "value", … }` → checked pairs.
pub fn headers(obj: &JsValue, key: &str) -> Result<Vec<(String, String)>, Error> {
    let Some(v) = field(obj, key)? else {
        return Ok(Vec::new());
    };
    object(&v, key, true)?;
    let entries = crate::rim::object::entries(&v)
        .map_err(|_| Error::invalid_argument(cat(&[key, ": could not be read"])))?;
    let mut out = Vec::new();
    for (name, value) in entries {
        let value = value.as_string().ok_or_else(|| {
            Error::invalid_argument(cat(&[key, ": the value of ", &name, " must be a string"]))
        })?;
        crate::protocol::request::extra_header(&name, &value)?;
        out.push((name, value));
    }
    Ok(out)
}

/// Per-call options: `{ signal?, timeoutMs?, maxRetries? }`.
#[derive(Default)]
pub struct CallOptions {
    /// Our own AbortController's signal, never the caller's object (see `follow`).
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u32>,
    pub max_retries: Option<u32>,
    _link: Option<SignalLink>,
}

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// Follows the caller's signal with one of ours: `[ownSignal, release?]`, or `None` when
    /// it is not an AbortSignal. Read in JS once, with catching reads: a getter that throws
    /// later (found by fuzzing) would otherwise throw through the wasm.
    fn follow(signal: &JsValue) -> Option<Array>;
}

/// Stops forwarding the caller's abort when the call's options are dropped.
struct SignalLink(Function);

impl Drop for SignalLink {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

pub fn call_options(call: &JsValue) -> Result<CallOptions, Error> {
    object(call, "call", false)?;
    let (signal, link) = match field(call, "signal")? {
        None => (None, None),
        Some(s) => {
            let pair = follow(&s)
                .ok_or_else(|| Error::invalid_argument("signal: expected an AbortSignal"))?;
            let release = pair.get(1).dyn_into::<Function>().ok().map(SignalLink);
            (Some(pair.get(0).unchecked_into::<AbortSignal>()), release)
        }
    };
    Ok(CallOptions {
        signal,
        timeout_ms: number(call, &TIMEOUT_MS)?,
        max_retries: number(call, &MAX_RETRIES)?,
        _link: link,
    })
}
