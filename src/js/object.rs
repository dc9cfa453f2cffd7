//! Reading and writing plain JS objects. A failed read is "absent", a failed write is
//! ignored: our own objects are plain, and a hostile getter must not become a trap.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

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
