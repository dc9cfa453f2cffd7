//! `?` from intercom-edge into a workers-rs handler (feature `worker`).

/// Through the JS error value, so the `worker::Error` keeps `code`, `status`, `hint` and the
/// message (workers-rs reads a thrown `Error`'s `code` and `message`).
impl From<crate::Error> for worker::Error {
    fn from(e: crate::Error) -> worker::Error {
        worker::Error::from(wasm_bindgen::JsValue::from(e))
    }
}
