//! Reading option objects that come from JS. Every value is classified, never trusted:
//! a wrong type is an `invalid_argument` naming the option, never a panic.

use crate::protocol::config::{Bound, MAX_RETRIES, TIMEOUT_MS};
use crate::protocol::error::Error;
use crate::protocol::text::cat;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};

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

/// A raw body as a caller holds it: a string (its UTF-8 bytes), an ArrayBuffer or a view.
pub fn bytes(value: &JsValue) -> Option<Vec<u8>> {
    match value.as_string() {
        Some(s) => Some(s.into_bytes()),
        None => crate::rim::object::buffer_bytes(value),
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
    /// Our own AbortController's signal, never the caller's object (see `SignalLink`).
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u32>,
    pub max_retries: Option<u32>,
    _link: Option<SignalLink>,
}

/// Forwards the caller's abort to a signal of our own. The caller's object is read once,
/// here, with catching reads: a getter that throws later (found by fuzzing) would otherwise
/// throw through the wasm future and take the executor down with it.
struct SignalLink {
    source: JsValue,
    listener: Closure<dyn FnMut()>,
}

impl Drop for SignalLink {
    fn drop(&mut self) {
        if let Some(remove) = Reflect::get(&self.source, &JsValue::from_str("removeEventListener"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        {
            let _ = remove.call2(
                &self.source,
                &JsValue::from_str("abort"),
                self.listener.as_ref(),
            );
        }
    }
}

fn link_signal(s: JsValue) -> Result<(AbortSignal, Option<SignalLink>), Error> {
    let bad = || Error::invalid_argument("signal: expected an AbortSignal");
    // Duck-typed: AbortSignal classes differ across realms (EdgeVM) and polyfills.
    let aborted = Reflect::get(&s, &JsValue::from_str("aborted"))
        .ok()
        .and_then(|a| a.as_bool())
        .ok_or_else(bad)?;
    let add = Reflect::get(&s, &JsValue::from_str("addEventListener"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(bad)?;
    let own = AbortController::new().map_err(|_| bad())?;
    if aborted {
        own.abort();
        return Ok((own.signal(), None));
    }
    let forward = own.clone();
    let listener = Closure::<dyn FnMut()>::new(move || forward.abort());
    add.call2(&s, &JsValue::from_str("abort"), listener.as_ref())
        .map_err(|_| bad())?;
    let link = SignalLink {
        source: s,
        listener,
    };
    Ok((own.signal(), Some(link)))
}

pub fn call_options(call: &JsValue) -> Result<CallOptions, Error> {
    object(call, "call", false)?;
    let (signal, link) = match field(call, "signal")? {
        None => (None, None),
        Some(s) => {
            let (own, link) = link_signal(s)?;
            (Some(own), link)
        }
    };
    Ok(CallOptions {
        signal,
        timeout_ms: number(call, &TIMEOUT_MS)?,
        max_retries: number(call, &MAX_RETRIES)?,
        _link: link,
    })
}
