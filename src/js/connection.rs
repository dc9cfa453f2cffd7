//! What `verifyConnection()` and `detectRegion()` make of `GET /me`.

use super::json::Success;
use crate::protocol::region::Region;
use crate::rim::error::{rate_limit_to_js, to_js, Failure};
use crate::rim::object::{get_str, set};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// `/me` → `app.region` as sent ("US", "Europe", "Australia"); `protocol::region` reads it.
pub fn me_region(me: &JsValue) -> Option<String> {
    let app = Reflect::get(me, &"app".into()).unwrap_or(JsValue::UNDEFINED);
    if app.is_object() {
        get_str(&app, "region")
    } else {
        None
    }
}

fn text(v: &JsValue, k: &str) -> JsValue {
    get_str(v, k).map(JsValue::from).unwrap_or(JsValue::NULL)
}

/// `{ ok: true, workspace, admin, apiVersion, baseUrl, latencyMs, rateLimit }`.
pub(crate) fn connection_ok(
    answer: &Success,
    region: Region,
    version: &str,
    base_url: &str,
    latency: f64,
) -> JsValue {
    let me = &answer.json;
    let app = Reflect::get(me, &"app".into()).unwrap_or(JsValue::UNDEFINED);
    let workspace = Object::new();
    set(&workspace, "id", &text(&app, "id_code"));
    set(&workspace, "name", &text(&app, "name"));
    set(&workspace, "region", &JsValue::from_str(region.as_str()));
    let admin = Object::new();
    set(&admin, "id", &text(me, "id"));
    set(&admin, "name", &text(me, "name"));
    set(&admin, "email", &text(me, "email"));
    let verified = Reflect::get(me, &"email_verified".into())
        .ok()
        .and_then(|v| v.as_bool());
    set(
        &admin,
        "emailVerified",
        &verified.map(JsValue::from_bool).unwrap_or(JsValue::NULL),
    );
    let o = Object::new();
    set(&o, "ok", &JsValue::TRUE);
    set(&o, "workspace", &workspace);
    set(&o, "admin", &admin);
    set(&o, "apiVersion", &JsValue::from_str(version));
    set(&o, "baseUrl", &JsValue::from_str(base_url));
    set(&o, "latencyMs", &JsValue::from_f64(latency.round()));
    set(
        &o,
        "rateLimit",
        &rate_limit_to_js(answer.rate_limit.as_ref()),
    );
    o.into()
}

/// `{ ok: false, error }`.
pub fn connection_failed(f: &Failure) -> JsValue {
    let o = Object::new();
    set(&o, "ok", &JsValue::FALSE);
    set(&o, "action", &JsValue::from_str(f.error.action().as_str()));
    set(&o, "error", &to_js(f));
    o.into()
}
