//! Private bindings to globals. `fetch` and the timers are looked up on `globalThis` at call
//! time, never through `window()`: that is `None` in workers and Node, and wrongly `Some` in Deno.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The runtime's own fetch, called as a free function so `this` is never wrong.
    #[wasm_bindgen(catch, js_name = fetch)]
    pub fn global_fetch(
        input: &str,
        init: &web_sys::RequestInit,
    ) -> Result<js_sys::Promise, JsValue>;

    /// Returns a number in browsers and a Timeout object in Node: kept opaque.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub fn set_timeout(handler: &js_sys::Function, ms: f64) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A promise that resolves after `ms`; resolves at once if timers are unavailable.
pub async fn sleep(ms: f64) {
    if ms <= 0.0 {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if set_timeout(&resolve, ms).is_err() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
