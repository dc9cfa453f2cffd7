//! Which kind of JS runtime we are in. Server runtimes are recognised first by their own
//! globals, because `window()` is no guide: web-sys finds a `Window` in Deno.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

fn global(name: &str) -> JsValue {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn user_agent() -> Option<String> {
    let nav = global("navigator");
    if !nav.is_object() {
        return None;
    }
    Reflect::get(&nav, &JsValue::from_str("userAgent")).ok().and_then(|v| v.as_string())
}

/// True in a browser page or a browser worker: places where a credential would be handed
/// to every visitor. False in Node, Deno, Bun, workerd and Vercel Edge.
pub fn is_browser() -> bool {
    let server = global("Deno").is_object()
        || global("Bun").is_object()
        || global("EdgeRuntime").is_string()
        || user_agent().as_deref() == Some("Cloudflare-Workers")
        || global("process").is_object() && {
            let versions = Reflect::get(&global("process"), &JsValue::from_str("versions")).unwrap_or(JsValue::UNDEFINED);
            versions.is_object() && Reflect::get(&versions, &JsValue::from_str("node")).ok().is_some_and(|v| v.is_string())
        };
    if server {
        return false;
    }
    let page = global("document").is_object() && global("window").is_object();
    let worker = global("importScripts").is_function();
    page || worker
}
