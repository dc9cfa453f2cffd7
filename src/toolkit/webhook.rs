//! Receiving a webhook from its method, signature header and raw body. Rules in
//! `protocol::webhook_event`; here: HMAC-SHA1 in WebCrypto and JSON by the platform.

use crate::protocol::error::Error;
use crate::protocol::inbound::{check_read, WEBHOOK_MAX_BYTES};
use crate::protocol::oauth::constant_time_eq;
use crate::protocol::user_hash::check_intercom_secret;
use crate::protocol::webhook_event::{
    self as rules, classify, every_secret, signature_invalid, signer_fits, webhook_invalid,
    Envelope, Kind, Method, Secrets,
};
use crate::rim::crypto::{hmac, Hash};
use crate::rim::json::object as json_object;
use crate::rim::object::get_str;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

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
/// notification, 405 other methods, 413 a body over 5 MiB.
pub async fn receive_webhook(
    method: &str,
    signature: Option<&str>,
    body: &[u8],
    secrets: &Secrets,
) -> Result<WebhookEvent, Error> {
    receive_webhook_capped(method, signature, body, secrets, WEBHOOK_MAX_BYTES.default).await
}

/// [`receive_webhook`] with another cap (the JS option `maxBodyBytes`). The order is the
/// protocol's: signature header, size, MAC with every secret, and only then JSON.
pub(crate) async fn receive_webhook_capped(
    method: &str,
    signature: Option<&str>,
    body: &[u8],
    secrets: &Secrets,
    cap: u32,
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
    let expected = rules::announced(signature)?;
    check_read(body.len(), cap)?;
    let mut signer = None;
    for secret in every_secret(secrets) {
        check_intercom_secret("clientSecret", secret)?;
        let mac = hmac(Hash::Sha1, secret.as_bytes(), body).await?;
        if constant_time_eq(&mac, &expected) {
            signer = Some(secret);
            break;
        }
    }
    let signer = signer
        .ok_or_else(|| signature_invalid("signed with another secret, or the body was altered"))?;
    // Parsed only now: an unsigned body costs no JSON parse.
    let json = std::str::from_utf8(body)
        .ok()
        .and_then(json_object)
        .ok_or_else(|| webhook_invalid(400, "the body is not a JSON object"))?;
    let app_id = get_str(&json, "app_id");
    signer_fits(secrets, app_id.as_deref(), signer)?;
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
