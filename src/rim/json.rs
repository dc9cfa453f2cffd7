//! Rust values to JSON text and query pairs to a query string, by the platform
//! (`JSON.stringify`, `URLSearchParams`), for the Rust API's requests; and JSON text that must
//! be an object (JWT parts, sheet users, webhook bodies) parsed by `JSON.parse`.

use crate::protocol::call;
use crate::protocol::error::Error;
use crate::protocol::text::cat;
use serde::Serialize;

/// `body` as JSON text: maps become objects, not JS `Map`s; at most 4 MiB.
pub fn to_string<B: Serialize + ?Sized>(body: &B) -> Result<String, Error> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| Error::invalid_argument("body: not JSON-serialisable"))?;
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid_argument("body: not JSON-serialisable"))?;
    call::check_body(&text)?;
    Ok(text)
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// The caller's search body with its `pagination` for one page, as JSON text; not a
    /// string when it cannot be read or written.
    #[wasm_bindgen(js_name = pagedBody)]
    fn paged_body(
        body: &wasm_bindgen::JsValue,
        per_page: Option<u32>,
        starting_after: Option<String>,
    ) -> wasm_bindgen::JsValue;
}

/// A search's body for one page, as JSON text: the caller's `body` (an object), its
/// `pagination` as the pager says (protocol/pagination.rs); at most 4 MiB.
pub fn search_body(
    body: &wasm_bindgen::JsValue,
    pagination: crate::protocol::pagination::BodyPagination,
) -> Result<String, Error> {
    let text = paged_body(body, pagination.per_page, pagination.starting_after)
        .as_string()
        .ok_or_else(|| Error::invalid_argument("body: could not be read as JSON"))?;
    call::check_body(&text)?;
    Ok(text)
}

/// A Rust value as a JS value the way JSON sees it (maps as objects), for a search body.
pub fn to_value<B: Serialize + ?Sized>(body: &B) -> Result<wasm_bindgen::JsValue, Error> {
    body.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| Error::invalid_argument("body: not JSON-serialisable"))
}

/// `[("per_page", "50")]` → "?per_page=50"; no pairs → "".
pub fn query(pairs: &[(&str, &str)]) -> Result<String, Error> {
    if pairs.is_empty() {
        return Ok(String::new());
    }
    let params = web_sys::UrlSearchParams::new()
        .map_err(|_| Error::invalid_argument("query: URLSearchParams is unavailable"))?;
    for (k, v) in pairs {
        params.append(k, v);
    }
    Ok(cat(&["?", &String::from(params.to_string())]))
}

/// Text that must hold a JSON object (not an array, not a scalar), as the platform parses it:
/// JWT parts, sheet users, webhook bodies. `None` for anything else.
pub(crate) fn object(text: &str) -> Option<wasm_bindgen::JsValue> {
    js_sys::JSON::parse(text)
        .ok()
        .filter(|v| v.is_object() && !js_sys::Array::is_array(v))
}
