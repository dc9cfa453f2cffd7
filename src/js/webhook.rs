//! The JS export `receiveWebhook`: one call in a worker's fetch handler. It reads the Request
//! (duck-typed), its body streamed to a cap (`crate::rim::body`), and calls
//! `crate::toolkit::webhook`.

use super::oauth::promise;
use super::options;
use crate::protocol::error::Error;
use crate::protocol::inbound::WEBHOOK_MAX_BYTES;
use crate::protocol::text::cat;
use crate::protocol::user_hash::check_intercom_secret;
use crate::protocol::webhook_event::{self as rules, webhook_invalid, Kind, Method, Secrets};
use crate::rim::body::read_request;
use crate::rim::object::{get_str, header, set};
use crate::toolkit::webhook::receive_webhook_capped;
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

/// A secret or a list of secrets (rotation: any may match).
fn secret_list(v: &JsValue, name: &str) -> Result<Vec<String>, Error> {
    let values = crate::rim::object::array_items(v)
        .map_err(|_| Error::invalid_argument(cat(&[name, ": could not be read"])))?;
    let mut out = Vec::new();
    for s in values.iter() {
        let s = s
            .as_string()
            .ok_or_else(|| Error::invalid_argument(cat(&[name, ": expected a string"])))?;
        check_intercom_secret(name, &s)?;
        out.push(s);
    }
    if out.is_empty() {
        return Err(Error::invalid_argument(cat(&[name, ": no secret given"])));
    }
    Ok(out)
}

fn secrets(opts: &JsValue) -> Result<Secrets, Error> {
    let v = options::field(opts, "clientSecret")?
        .ok_or_else(|| Error::invalid_argument("clientSecret: required"))?;
    if v.as_string().is_some() || crate::rim::object::is_array(&v) {
        return Ok(Secrets::Any(secret_list(&v, "clientSecret")?));
    }
    options::object(&v, "clientSecret", true)?;
    let mut apps = Vec::new();
    let entries = crate::rim::object::entries(&v)
        .map_err(|_| Error::invalid_argument("clientSecret: could not be read"))?;
    for (app, list) in entries {
        let secrets = secret_list(&list, &cat(&["clientSecret.", &app]))?;
        apps.push((app, secrets));
    }
    if apps.is_empty() {
        return Err(Error::invalid_argument("clientSecret: no app given"));
    }
    Ok(Secrets::PerApp(apps))
}

fn text_or_null(v: &Option<String>) -> JsValue {
    v.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

fn number_or_null(v: Option<f64>) -> JsValue {
    v.map(JsValue::from_f64).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen(js_name = receiveWebhook, unchecked_return_type = "Promise<WebhookEvent>")]
pub fn js_receive_webhook(
    #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReceiveWebhookOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secrets = secrets(&opts)?;
        let method = get_str(&request, "method")
            .ok_or_else(|| Error::invalid_argument("request: expected a Request"))?;
        let out = Object::new();
        if rules::method(&method)? == Method::Check {
            // The HEAD check has no body to read.
            set(&out, "kind", &Kind::Check.as_str().into());
            return Ok(out.into());
        }
        let cap = options::number(&opts, &WEBHOOK_MAX_BYTES)?.unwrap_or(WEBHOOK_MAX_BYTES.default);
        // An unsigned sender is refused here, before a byte of its body is read.
        let signature = header(&request, "x-hub-signature");
        rules::announced(signature.as_deref())?;
        let body = read_request(&request, cap, || {
            webhook_invalid(400, "the body could not be read")
        })
        .await?;
        let e = receive_webhook_capped(&method, signature.as_deref(), &body, &secrets, cap).await?;
        set(&out, "kind", &e.kind.as_str().into());
        set(&out, "id", &text_or_null(&e.id));
        set(&out, "topic", &text_or_null(&e.topic));
        set(&out, "appId", &text_or_null(&e.app_id));
        set(&out, "item", &e.item);
        set(
            &out,
            "deliveryAttempts",
            &number_or_null(e.delivery_attempts),
        );
        set(&out, "firstSentAt", &number_or_null(e.first_sent_at));
        set(&out, "createdAt", &number_or_null(e.created_at));
        set(&out, "raw", &e.raw);
        Ok(out.into())
    }))
}
