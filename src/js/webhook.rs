//! `receiveWebhook`: one call in a worker's fetch handler. Rules in `protocol::webhook_event`;
//! here: reading the Request, HMAC-SHA1 in WebCrypto, JSON by the platform.

use super::json::object as json_object;
use super::oauth::promise;
use super::options;
use crate::protocol::error::Error;
use crate::protocol::oauth::{constant_time_eq, webhook_signature};
use crate::protocol::user_hash::check_intercom_secret;
use crate::protocol::webhook_event::{
    self as rules, candidates, classify, signature_invalid, webhook_invalid, Envelope, Kind,
    Method, Secrets,
};
use crate::rim::crypto::{hmac, Hash};
use crate::rim::object::{get_str, header, set};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A secret or a list of secrets (rotation: any may match).
fn secret_list(v: &JsValue, name: &str) -> Result<Vec<String>, Error> {
    let values = crate::rim::object::array_items(v)
        .map_err(|_| Error::invalid_argument([name, ": could not be read"].concat()))?
        .unwrap_or_else(|| vec![v.clone()]);
    let mut out = Vec::new();
    for s in values {
        let s = s
            .as_string()
            .ok_or_else(|| Error::invalid_argument([name, ": expected a string"].concat()))?;
        check_intercom_secret(name, &s)?;
        out.push(s);
    }
    if out.is_empty() {
        return Err(Error::invalid_argument(
            [name, ": no secret given"].concat(),
        ));
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
        let secrets = secret_list(&list, &["clientSecret.", &app].concat())?;
        apps.push((app, secrets));
    }
    if apps.is_empty() {
        return Err(Error::invalid_argument("clientSecret: no app given"));
    }
    Ok(Secrets::PerApp(apps))
}

async fn body_of(request: &JsValue) -> Result<Vec<u8>, Error> {
    let read: js_sys::Function = Reflect::get(request, &"arrayBuffer".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| Error::invalid_argument("request: expected a Request"))?;
    let value = read
        .call0(request)
        .map_err(|_| webhook_invalid(400, "the body could not be read"))?;
    // resolve(): a Request-like object's arrayBuffer() may return anything (found by fuzzing).
    let buffer = JsFuture::from(Promise::resolve(&value))
        .await
        .map_err(|_| webhook_invalid(400, "the body could not be read"))?;
    options::bytes(&buffer).ok_or_else(|| webhook_invalid(400, "the body could not be read"))
}

fn number(obj: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_f64())
}

/// What a webhook request was: Intercom's endpoint check, a ping or a notification.
pub struct WebhookEvent {
    /// Check, ping or notification.
    pub kind: Kind,
    /// "notif_…"; `None` for ping. Deduplicate on it: deliveries can repeat.
    pub id: Option<String>,
    /// E.g. "conversation.user.created".
    pub topic: Option<String>,
    /// The workspace's id_code.
    pub app_id: Option<String>,
    /// `data.item` (null when absent); read it with `serde_wasm_bindgen::from_value`.
    pub item: JsValue,
    /// How many times Intercom has sent this notification.
    pub delivery_attempts: Option<f64>,
    /// Unix seconds, as Intercom sends them.
    pub first_sent_at: Option<f64>,
    /// Unix seconds.
    pub created_at: Option<f64>,
    /// The whole parsed body (undefined for the check).
    pub raw: JsValue,
}

/// Verifies and reads a webhook request from its method, `X-Hub-Signature` header and raw
/// body. Failures carry the status to answer with: 401 bad signature, 400 not a
/// notification, 405 other methods.
pub async fn receive_webhook(
    method: &str,
    signature: Option<&str>,
    body: &[u8],
    secrets: &Secrets,
) -> Result<WebhookEvent, Error> {
    let mut event = WebhookEvent {
        kind: Kind::Check,
        id: None,
        topic: None,
        app_id: None,
        item: JsValue::NULL,
        delivery_attempts: None,
        first_sent_at: None,
        created_at: None,
        raw: JsValue::UNDEFINED,
    };
    if rules::method(method)? == Method::Check {
        return Ok(event);
    }
    let expected = signature
        .and_then(webhook_signature)
        .ok_or_else(|| signature_invalid("the header is missing or not sha1=<40 hex>"))?;
    if body.len() > rules::MAX_BODY_BYTES {
        return Err(rules::too_large());
    }
    let json = std::str::from_utf8(body).ok().and_then(json_object);
    let app_id = json.as_ref().and_then(|j| get_str(j, "app_id"));
    let mut verified = false;
    for secret in candidates(secrets, app_id.as_deref())? {
        check_intercom_secret("clientSecret", secret)?;
        let mac = hmac(Hash::Sha1, secret.as_bytes(), body).await?;
        if constant_time_eq(&mac, &expected) {
            verified = true;
            break;
        }
    }
    if !verified {
        return Err(signature_invalid(
            "signed with another secret, or the body was altered",
        ));
    }
    let json = json.ok_or_else(|| webhook_invalid(400, "the body is not a JSON object"))?;
    event.kind = classify(&Envelope {
        kind: get_str(&json, "type"),
        topic: get_str(&json, "topic"),
    })?;
    let data = Reflect::get(&json, &"data".into()).unwrap_or(JsValue::UNDEFINED);
    if data.is_object() {
        if let Ok(item) = Reflect::get(&data, &"item".into()) {
            if !item.is_undefined() {
                event.item = item;
            }
        }
    }
    event.id = get_str(&json, "id");
    event.topic = get_str(&json, "topic");
    event.app_id = app_id;
    event.delivery_attempts = number(&json, "delivery_attempts");
    event.first_sent_at = number(&json, "first_sent_at");
    event.created_at = number(&json, "created_at");
    event.raw = json;
    Ok(event)
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
        let signature = header(&request, "x-hub-signature");
        let body = body_of(&request).await?;
        let e = receive_webhook(&method, signature.as_deref(), &body, &secrets).await?;
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
