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
    Reflect::get(&nav, &JsValue::from_str("userAgent"))
        .ok()
        .and_then(|v| v.as_string())
}

/// True in a browser page or a browser worker: places where a credential would be handed
/// to every visitor. False in Node, Deno, Bun, workerd and Vercel Edge.
pub fn is_browser() -> bool {
    let server = global("Deno").is_object()
        || global("Bun").is_object()
        || global("EdgeRuntime").is_string()
        || user_agent().as_deref() == Some("Cloudflare-Workers")
        || global("process").is_object() && {
            let versions = Reflect::get(&global("process"), &JsValue::from_str("versions"))
                .unwrap_or(JsValue::UNDEFINED);
            versions.is_object()
                && Reflect::get(&versions, &JsValue::from_str("node"))
                    .ok()
                    .is_some_and(|v| v.is_string())
        };
    if server {
        return false;
    }
    let page = global("document").is_object() && global("window").is_object();
    let worker = global("importScripts").is_function();
    page || worker
}

/// The runtime's own environment as a plain object: `process.env` (Node, Bun, Deno's
/// compatibility layer) or `Deno.env.toObject()`. Empty where neither is readable
/// (browsers; Deno without --allow-env), never an exception.
pub fn process_env() -> JsValue {
    let process = global("process");
    if process.is_object() {
        if let Ok(env) = Reflect::get(&process, &JsValue::from_str("env")) {
            if env.is_object() {
                return env;
            }
        }
    }
    let deno = global("Deno");
    if deno.is_object() {
        let env = Reflect::get(&deno, &JsValue::from_str("env")).unwrap_or(JsValue::UNDEFINED);
        let to_object =
            Reflect::get(&env, &JsValue::from_str("toObject")).unwrap_or(JsValue::UNDEFINED);
        if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(to_object) {
            if let Ok(obj) = f.call0(&env) {
                return obj;
            }
        }
    }
    js_sys::Object::new().into()
}
