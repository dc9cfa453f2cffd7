//! Canvas Kit and Messenger app requests: the `X-Body-Signature` check and the open-sheet
//! user's decryption. Rules in `protocol::canvas`; here: WebCrypto and JSON by the platform.

use crate::protocol::canvas::{body_signature, sheet_blob, sheet_invalid};
use crate::protocol::error::Error;
use crate::protocol::inbound::{check_read, CANVAS_MAX_BYTES};
use crate::protocol::oauth::constant_time_eq;
use crate::protocol::user_hash::check_intercom_secret;
use crate::rim::cipher::{aes_gcm, Key};
use crate::rim::crypto::{hmac, Hash};
use crate::rim::json::object as json_object;
use crate::rim::object::get_str;
use wasm_bindgen::prelude::*;

/// True when `signature` (the `X-Body-Signature` header) is the hex HMAC-SHA256 of the raw
/// `body` with the client secret. A missing or malformed signature is `false`, not an error;
/// a body over 1 MiB, signed or not, is `payload_too_large` (413).
pub async fn verify_canvas_request(
    body: &[u8],
    signature: Option<&str>,
    client_secret: &str,
) -> Result<bool, Error> {
    verify_canvas_request_capped(body, signature, client_secret, CANVAS_MAX_BYTES.default).await
}

/// [`verify_canvas_request`] with another cap (the JS option `maxBodyBytes`).
pub(crate) async fn verify_canvas_request_capped(
    body: &[u8],
    signature: Option<&str>,
    client_secret: &str,
    cap: u32,
) -> Result<bool, Error> {
    check_intercom_secret("clientSecret", client_secret)?;
    check_read(body.len(), cap)?;
    let Some(expected) = signature.and_then(body_signature) else {
        return Ok(false);
    };
    let mac = hmac(Hash::Sha256, client_secret.as_bytes(), body).await?;
    Ok(constant_time_eq(&mac, &expected))
}

/// The user object of an open-sheet request, from `intercom_data.user` (base64): AES-256-GCM
/// with key SHA-256(client secret). Any failure is `sheet_invalid`.
pub async fn decrypt_sheet_user(user: &str, client_secret: &str) -> Result<JsValue, Error> {
    check_intercom_secret("clientSecret", client_secret)?;
    let blob = sheet_blob(user)?;
    let key = Key::Sha256(client_secret.as_bytes());
    let plain = aes_gcm(true, key, &blob.iv, &[], &blob.sealed)
        .await?
        .ok_or_else(|| {
            sheet_invalid("the tag does not verify (another client secret, or altered)")
        })?;
    let text = String::from_utf8(plain).map_err(|_| sheet_invalid("not UTF-8"))?;
    json_object(&text).ok_or_else(|| sheet_invalid("not a JSON object"))
}

/// The `user` of an open-sheet request's `intercom_data` form field (its JSON text).
pub fn sheet_user_of(intercom_data: &str) -> Result<String, Error> {
    let data = json_object(intercom_data)
        .ok_or_else(|| sheet_invalid("intercom_data is not a JSON object"))?;
    get_str(&data, "user").ok_or_else(|| sheet_invalid("intercom_data has no user"))
}
