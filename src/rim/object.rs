//! Reading and writing plain JS objects. A failed read is "absent", a failed write is
//! ignored: our own objects are plain, and a hostile getter must not become a trap.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// `obj[key]` when it is a string.
pub fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// `obj[key] = value` on an object we built.
pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// A header of a Request (duck-typed: Request classes differ across realms), if present.
pub fn header(request: &JsValue, name: &str) -> Option<String> {
    let headers = Reflect::get(request, &JsValue::from_str("headers"))
        .ok()
        .filter(|h| h.is_object())?;
    let get: js_sys::Function = Reflect::get(&headers, &JsValue::from_str("get"))
        .ok()?
        .dyn_into()
        .ok()?;
    get.call1(&headers, &JsValue::from_str(name))
        .ok()?
        .as_string()
}
