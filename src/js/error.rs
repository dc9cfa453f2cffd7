//! The hook by which the package's entry files hand over their `IntercomError` class.

use wasm_bindgen::prelude::*;

/// Called once by the package's entry files; not part of the public API.
#[wasm_bindgen(js_name = __registerIntercomError, skip_typescript)]
pub fn register_intercom_error(class: JsValue) {
    crate::rim::error::register_error_class(class);
}
