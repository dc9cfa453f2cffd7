//! Reading and writing plain JS objects. A failed read is "absent", a failed write is
//! ignored: our own objects are plain, and a hostile getter must not become a trap.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// Platform functions js-sys binds too, declared again with `catch`: on a Proxy, a revoked
// Proxy or a detached buffer they throw, and a throw through a wasm frame inside a future
// escapes the executor, or leaves a sync export as a raw non-IntercomError throw (found by
// fuzzing the package, tests/fuzz).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn entries_or_throw(obj: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_or_throw(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from_or_throw(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn to_string_tag_or_throw(value: &JsValue) -> Result<String, JsValue>;
    #[wasm_bindgen(js_name = Uint8Array)]
    type Bytes;
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new_copy(value: &JsValue) -> Result<Bytes, JsValue>;
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new_view(buffer: &JsValue, offset: f64, length: f64) -> Result<Bytes, JsValue>;
}

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

/// `Object.entries(obj)` as (key, value) pairs, or `Err` when a trap or getter throws. The pairs
/// are read one by one from the platform's array, never collected into a `Vec` (its growth
/// and drop code cost wasm in every entry).
pub fn entries(obj: &JsValue) -> Result<impl Iterator<Item = (String, JsValue)>, JsValue> {
    let pairs = entries_or_throw(obj)?;
    Ok((0..pairs.length()).map(move |i| {
        let pair: Array = pairs.get(i).unchecked_into();
        (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
    }))
}

/// The items of a caller's array, copied once into a genuine one (read from it, not collected
/// into a `Vec`); a value that is not an array stands alone as its one item.
pub fn array_items(value: &JsValue) -> Result<Array, JsValue> {
    if is_array_or_throw(value)? {
        return array_from_or_throw(value);
    }
    let one = Array::new();
    one.push(value);
    Ok(one)
}

/// True for an Array; false for anything else, including a value that throws on the check.
pub fn is_array(value: &JsValue) -> bool {
    is_array_or_throw(value).unwrap_or(false)
}

/// The bytes of an ArrayBuffer (of any realm) or of a view's window; `None` for anything
/// else, a detached buffer included.
pub fn buffer_bytes(value: &JsValue) -> Option<Vec<u8>> {
    let bytes = if js_sys::ArrayBuffer::is_view(value) {
        // The view's bytes, not its elements (a Uint16Array's elements are not bytes).
        let view: &js_sys::Uint8Array = value.unchecked_ref();
        Bytes::new_view(
            &view.buffer(),
            f64::from(view.byte_offset()),
            f64::from(view.byte_length()),
        )
    } else if value.is_instance_of::<js_sys::ArrayBuffer>()
        // An ArrayBuffer from another realm (an EdgeVM's, a frame's).
        || (value.is_object()
            && to_string_tag_or_throw(value).ok().as_deref() == Some("[object ArrayBuffer]"))
    {
        Bytes::new_copy(value)
    } else {
        return None;
    };
    bytes
        .ok()
        .map(|b| b.unchecked_into::<js_sys::Uint8Array>().to_vec())
}
