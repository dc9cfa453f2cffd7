//! Private bindings to globals. The timers are looked up on `globalThis` at call
//! time, never through `window()`: that is `None` in workers and Node, and wrongly `Some` in Deno.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Returns a number in browsers and a Timeout object in Node: kept opaque.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub fn set_timeout(handler: &js_sys::Function, ms: f64) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Waits `ms`, or less if `signal` aborts first (a caller's abort must not sit out a
/// 10-second backoff). Resolves at once if timers are unavailable.
pub async fn sleep(ms: f64, signal: Option<&web_sys::AbortSignal>) {
    use wasm_bindgen::JsCast;
    if ms <= 0.0 || signal.is_some_and(|s| s.aborted()) {
        return;
    }
    let mut listener: Option<Closure<dyn FnMut()>> = None;
    let mut timer = JsValue::UNDEFINED;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        match set_timeout(&resolve, ms) {
            Ok(t) => timer = t,
            Err(_) => {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
        if let Some(s) = signal {
            let r = resolve.clone();
            let l = Closure::<dyn FnMut()>::new(move || {
                let _ = r.call0(&JsValue::UNDEFINED);
            });
            let _ = s.add_event_listener_with_callback("abort", l.as_ref().unchecked_ref());
            listener = Some(l);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    // Whichever won, release the other so nothing fires later or keeps the process alive.
    let _ = clear_timeout(&timer);
    if let (Some(s), Some(l)) = (signal, &listener) {
        let _ = s.remove_event_listener_with_callback("abort", l.as_ref().unchecked_ref());
    }
}
