//! Reading option objects that come from JS. Every value is classified, never trusted:
//! a wrong type is an `invalid_argument` naming the option, never a panic.

use crate::protocol::config::{Bound, MAX_RETRIES, TIMEOUT_MS};
use crate::protocol::error::Error;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// Reads `obj[key]`; `undefined` and `null` are "not given". A throwing getter is bad input.
pub fn field(obj: &JsValue, key: &str) -> Result<Option<JsValue>, Error> {
    if obj.is_undefined() || obj.is_null() {
        return Ok(None);
    }
    let v = Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| Error::invalid_argument(format!("{key}: could not be read")))?;
    Ok((!v.is_undefined() && !v.is_null()).then_some(v))
}

pub fn string(obj: &JsValue, key: &str) -> Result<Option<String>, Error> {
    match field(obj, key)? {
        None => Ok(None),
        Some(v) => v
            .as_string()
            .map(Some)
            .ok_or_else(|| Error::invalid_argument(format!("{key}: expected a string"))),
    }
}

/// A whole-number option, checked against its bound (`protocol::config`).
pub fn number(obj: &JsValue, bound: &Bound) -> Result<Option<u32>, Error> {
    match field(obj, bound.name)? {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(n) => bound.check(n).map(Some),
            None => Err(Error::invalid_argument(format!(
                "{}: expected a number",
                bound.name
            ))),
        },
    }
}

pub fn boolean(obj: &JsValue, key: &str) -> Result<Option<bool>, Error> {
    match field(obj, key)? {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| Error::invalid_argument(format!("{key}: expected true or false"))),
    }
}

pub fn function(obj: &JsValue, key: &str) -> Result<Option<Function>, Error> {
    match field(obj, key)? {
        None => Ok(None),
        Some(v) => v
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| Error::invalid_argument(format!("{key}: expected a function"))),
    }
}

/// A raw body as a caller holds it: a string (its UTF-8 bytes), an ArrayBuffer or a view.
pub fn bytes(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(s) = value.as_string() {
        Some(s.into_bytes())
    } else if js_sys::ArrayBuffer::is_view(value) {
        // The view's bytes, not its elements (a Uint16Array's elements are not bytes).
        let view: &js_sys::Uint8Array = value.unchecked_ref();
        let bytes = js_sys::Uint8Array::new_with_byte_offset_and_length(
            &view.buffer(),
            view.byte_offset(),
            view.byte_length(),
        );
        Some(bytes.to_vec())
    } else if value.is_instance_of::<js_sys::ArrayBuffer>()
        || (value.is_object()
            && js_sys::Object::to_string(value.unchecked_ref::<js_sys::Object>())
                == "[object ArrayBuffer]")
    {
        // The second test: an ArrayBuffer from another realm (an EdgeVM's, a frame's).
        Some(js_sys::Uint8Array::new(value).to_vec())
    } else {
        None
    }
}

/// An options argument must be an object (or absent, when `required` is false).
pub fn object(value: &JsValue, name: &str, required: bool) -> Result<(), Error> {
    let absent = value.is_undefined() || value.is_null();
    if (value.is_object() && !value.is_function()) || (!required && absent) {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "{name}: expected an object"
        )))
    }
}

/// `{ "X-Name": "value", … }` → checked pairs.
pub fn headers(obj: &JsValue, key: &str) -> Result<Vec<(String, String)>, Error> {
    let Some(v) = field(obj, key)? else {
        return Ok(Vec::new());
    };
    object(&v, key, true)?;
    let entries = js_sys::Object::entries(v.unchecked_ref());
    let mut out = Vec::new();
    for pair in entries.iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1).as_string().ok_or_else(|| {
            Error::invalid_argument(format!("{key}: the value of {name} must be a string"))
        })?;
        crate::protocol::request::extra_header(&name, &value)?;
        out.push((name, value));
    }
    Ok(out)
}

/// Per-call options: `{ signal?, timeoutMs?, maxRetries? }`.
pub struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u32>,
    pub max_retries: Option<u32>,
}

pub fn call_options(call: &JsValue) -> Result<CallOptions, Error> {
    object(call, "call", false)?;
    let signal = match field(call, "signal")? {
        None => None,
        Some(s) => {
            // Duck-typed: AbortSignal classes differ across realms (EdgeVM) and polyfills.
            let aborted = Reflect::get(&s, &JsValue::from_str("aborted"))
                .ok()
                .and_then(|a| a.as_bool());
            let listens = Reflect::get(&s, &JsValue::from_str("addEventListener"))
                .ok()
                .is_some_and(|f| f.is_function());
            if aborted.is_none() || !listens {
                return Err(Error::invalid_argument("signal: expected an AbortSignal"));
            }
            Some(s.unchecked_into::<AbortSignal>())
        }
    };
    Ok(CallOptions {
        signal,
        timeout_ms: number(call, &TIMEOUT_MS)?,
        max_retries: number(call, &MAX_RETRIES)?,
    })
}
