//! Query strings and JSON bodies, encoded by the platform (URLSearchParams, JSON.stringify).

use super::options;
use crate::protocol::error::Error;
use crate::protocol::text::cat;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/js/query.js")]
extern "C" {
    /// The query string (`?…` or empty), or what kept it from being one (see query.js).
    #[wasm_bindgen(js_name = queryString)]
    fn encode_query(query: &JsValue) -> JsValue;
}

/// `{ per_page: 50, tags: ["a", "b"] }` → "?per_page=50&tags=a&tags=b", by URLSearchParams.
pub fn query_string(q: &JsValue) -> Result<String, Error> {
    options::object(q, "query", true)?;
    let encoded = encode_query(q);
    if let Some(s) = encoded.as_string() {
        return Ok(s);
    }
    Err(Error::invalid_argument(if encoded.is_null() {
        "query: URLSearchParams is unavailable".to_owned()
    } else if let Some(key) = js_sys::Reflect::get_u32(&encoded, 0)
        .ok()
        .and_then(|k| k.as_string())
    {
        cat(&[
            "query: ",
            &key,
            " must be a string, number, boolean or an array of them",
        ])
    } else {
        "query: could not be read".to_owned()
    }))
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
