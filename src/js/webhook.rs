//! `receiveWebhook`: one call in a worker's fetch handler. Rules in `protocol::webhook_event`;
//! here: reading the Request, HMAC-SHA1 in WebCrypto, JSON by the platform.

use super::crypto::{hmac, Hash};
use super::messenger::json_object;
use super::oauth::promise;
use super::object::{get_str, header, set};
use super::options;
use crate::protocol::error::Error;
use crate::protocol::oauth::{constant_time_eq, webhook_signature};
use crate::protocol::user_hash::check_intercom_secret;
use crate::protocol::webhook_event::{
    self as rules, candidates, classify, signature_invalid, webhook_invalid, Envelope, Method,
    Secrets,
};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A secret or a list of secrets (rotation: any may match).
fn secret_list(v: &JsValue, name: &str) -> Result<Vec<String>, Error> {
    let values: Vec<JsValue> = if js_sys::Array::is_array(v) {
        js_sys::Array::from(v).iter().collect()
    } else {
        vec![v.clone()]
    };
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
    if v.as_string().is_some() || js_sys::Array::is_array(&v) {
        return Ok(Secrets::Any(secret_list(&v, "clientSecret")?));
    }
    options::object(&v, "clientSecret", true)?;
    let mut apps = Vec::new();
    for pair in Object::entries(v.unchecked_ref()).iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let app = pair.get(0).as_string().unwrap_or_default();
        apps.push((
            app.clone(),
            secret_list(&pair.get(1), &["clientSecret.", &app].concat())?,
        ));
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
    let promise: Promise = read
        .call0(request)
        .map_err(|_| webhook_invalid(400, "the body could not be read"))?
        .unchecked_into();
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|_| webhook_invalid(400, "the body could not be read"))?;
    options::bytes(&buffer).ok_or_else(|| webhook_invalid(400, "the body could not be read"))
}

fn number_or_null(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| v.as_f64().is_some())
        .unwrap_or(JsValue::NULL)
}

fn text_or_null(obj: &JsValue, key: &str) -> JsValue {
    get_str(obj, key)
        .map(JsValue::from)
        .unwrap_or(JsValue::NULL)
}

/// Verifies and reads an Intercom webhook Request: HEAD → `{ kind: "check" }`; a signed POST
/// → the notification; anything else rejects with an IntercomError whose `status` is the
/// answer to give (401 bad signature, 400 not a notification, 405 other methods).
#[wasm_bindgen(js_name = receiveWebhook, unchecked_return_type = "Promise<WebhookEvent>")]
pub fn receive_webhook(
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
            set(&out, "kind", &"check".into());
            return Ok(out.into());
        }
        let expected = header(&request, "x-hub-signature")
            .and_then(|h| webhook_signature(&h))
            .ok_or_else(|| signature_invalid("the header is missing or not sha1=<40 hex>"))?;
        let body = body_of(&request).await?;
        if body.len() > rules::MAX_BODY_BYTES {
            return Err(webhook_invalid(413, "the body is larger than 5 MiB"));
        }
        let json = std::str::from_utf8(&body).ok().and_then(json_object);
        let app_id = json.as_ref().and_then(|j| get_str(j, "app_id"));
        let mut verified = false;
        for secret in candidates(&secrets, app_id.as_deref())? {
            let mac = hmac(Hash::Sha1, secret.as_bytes(), &body).await?;
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
        let kind = classify(&Envelope {
            kind: get_str(&json, "type"),
            topic: get_str(&json, "topic"),
        })?;
        let data = Reflect::get(&json, &"data".into()).unwrap_or(JsValue::UNDEFINED);
        let item = if data.is_object() {
            Reflect::get(&data, &"item".into())
                .ok()
                .filter(|i| !i.is_undefined())
                .unwrap_or(JsValue::NULL)
        } else {
            JsValue::NULL
        };
        set(&out, "kind", &kind.as_str().into());
        set(&out, "id", &text_or_null(&json, "id"));
        set(&out, "topic", &text_or_null(&json, "topic"));
        set(&out, "appId", &text_or_null(&json, "app_id"));
        set(&out, "item", &item);
        set(
            &out,
            "deliveryAttempts",
            &number_or_null(&json, "delivery_attempts"),
        );
        set(&out, "firstSentAt", &number_or_null(&json, "first_sent_at"));
        set(&out, "createdAt", &number_or_null(&json, "created_at"));
        set(&out, "raw", &json);
        Ok(out.into())
    }))
}
