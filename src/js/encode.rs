//! Query strings and JSON bodies, encoded by the platform (URLSearchParams, JSON.stringify).

use super::options;
use crate::protocol::error::Error;
use crate::protocol::text::cat;
use wasm_bindgen::{JsCast, JsValue};

/// `{ per_page: 50, tags: ["a", "b"] }` → "?per_page=50&tags=a&tags=b".
pub fn query_string(q: &JsValue) -> Result<String, Error> {
    options::object(q, "query", true)?;
    let params = web_sys::UrlSearchParams::new()
        .map_err(|_| Error::invalid_argument("query: URLSearchParams is unavailable"))?;
    let unreadable = || Error::invalid_argument("query: could not be read");
    for (key, value) in crate::rim::object::entries(q).map_err(|_| unreadable())? {
        let values = crate::rim::object::array_items(&value).map_err(|_| unreadable())?;
        for v in values.iter() {
            let text = if let Some(s) = v.as_string() {
                s
            } else if v.as_f64().is_some_and(f64::is_finite) {
                // JS formats the number, as the caller would expect ("0.5", "1e+21").
                js_sys::Number::from(v)
                    .to_string_with_radix(10)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default()
            } else if let Some(b) = v.as_bool() {
                (if b { "true" } else { "false" }).to_owned()
            } else if v.is_undefined() || v.is_null() {
                continue;
            } else {
                return Err(Error::invalid_argument(cat(&[
                    "query: ",
                    &key,
                    " must be a string, number, boolean or an array of them",
                ])));
            };
            params.append(&key, &text);
        }
    }
    let s: String = params.to_string().into();
    Ok(if s.is_empty() { s } else { cat(&["?", &s]) })
}

/// A request body is JSON: binary data and values JSON cannot hold are refused up front.
pub fn json_body(b: &JsValue) -> Result<String, Error> {
    if b.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(b) {
        return Err(Error::invalid_argument(
            "body: binary data is not supported; pass a JSON-serialisable value",
        ));
    }
    let text = js_sys::JSON::stringify(b)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            Error::invalid_argument("body: not JSON-serialisable (cycle, BigInt or function?)")
        })?;
    crate::protocol::call::check_body(&text)?;
    Ok(text)
}
