//! Reading a body the package receives, never more than its cap: a Request's stream chunk by
//! chunk (cancelled once the cap is passed), or a body the caller already holds, measured
//! before it is copied. The caps and the order of checks are `protocol::inbound`'s.

use super::object::header;
use super::settle::settle;
use crate::protocol::error::Error;
use crate::protocol::inbound::{check_declared, check_read};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn method(obj: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(obj, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into().ok())
}

/// Awaits a value a Request-like object returned (it may be anything, found by fuzzing).
async fn settled(
    value: Result<JsValue, JsValue>,
    unreadable: &impl Fn() -> Error,
) -> Result<JsValue, Error> {
    let value = value.map_err(|_| unreadable())?;
    settle(Ok(Promise::resolve(&value)))
        .await
        .map_err(|_| unreadable())
}

/// The bytes of `request`'s body, at most `cap` of them: `content-length` is checked first,
/// then every chunk of `request.body` as it arrives; past the cap the stream is cancelled and
/// the rest never read. A Request-like object without a stream is read whole by its
/// `arrayBuffer()` and measured after (its caller built it in memory anyway).
pub async fn read_request(
    request: &JsValue,
    cap: u32,
    unreadable: impl Fn() -> Error,
) -> Result<Vec<u8>, Error> {
    check_declared(header(request, "content-length").as_deref(), cap)?;
    let stream = Reflect::get(request, &JsValue::from_str("body")).unwrap_or(JsValue::UNDEFINED);
    if stream.is_null() {
        // A Request without a body.
        return Ok(Vec::new());
    }
    let Some(get_reader) = method(&stream, "getReader") else {
        let read = method(request, "arrayBuffer").ok_or_else(&unreadable)?;
        let buffer = settled(read.call0(request), &unreadable).await?;
        let bytes = crate::rim::object::buffer_bytes(&buffer).ok_or_else(&unreadable)?;
        check_read(bytes.len(), cap)?;
        return Ok(bytes);
    };
    let reader = get_reader.call0(&stream).map_err(|_| unreadable())?;
    let read = method(&reader, "read").ok_or_else(&unreadable)?;
    let mut out = Vec::new();
    loop {
        let step = settled(read.call0(&reader), &unreadable).await?;
        if Reflect::get(&step, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            return Ok(out);
        }
        let chunk = Reflect::get(&step, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
        // Any view, of any realm (an EdgeVM's stream hands out the host's Uint8Arrays); its
        // size is read before its bytes are copied.
        if !js_sys::ArrayBuffer::is_view(&chunk) {
            return Err(unreadable());
        }
        let len = Reflect::get(&chunk, &JsValue::from_str("byteLength"))
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0) as usize;
        if let Err(e) = check_read(out.len() + len, cap) {
            // Stop the sender: the rest of the body is never pulled.
            if let Some(cancel) = method(&reader, "cancel") {
                let _ = cancel.call0(&reader);
            }
            return Err(e);
        }
        let bytes = crate::rim::object::buffer_bytes(&chunk).ok_or_else(&unreadable)?;
        check_read(out.len() + bytes.len(), cap)?;
        out.extend_from_slice(&bytes);
    }
}

/// A body the caller holds (string, ArrayBuffer or view), measured before it is copied into
/// wasm memory; `None` when it is none of those.
pub fn held(value: &JsValue, cap: u32) -> Option<Result<Vec<u8>, Error>> {
    // UTF-16 units never outnumber UTF-8 bytes, so a string longer than the cap is too large.
    let at_least = match value.dyn_ref::<js_sys::JsString>() {
        Some(s) => s.length() as usize,
        None => Reflect::get(value, &JsValue::from_str("byteLength"))
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0) as usize,
    };
    if let Err(e) = check_read(at_least, cap) {
        return Some(Err(e));
    }
    let bytes = match value.as_string() {
        Some(s) => s.into_bytes(),
        None => crate::rim::object::buffer_bytes(value)?,
    };
    Some(check_read(bytes.len(), cap).map(|()| bytes))
}
