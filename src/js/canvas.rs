//! Canvas Kit and Messenger app requests: `verifyCanvasRequest` (X-Body-Signature) and
//! `decryptSheetUser` (open-sheet `intercom_data.user`). Rules in `protocol::canvas`.

use super::cipher::{aes_gcm_decrypt, aes_key_raw, sha256};
use super::json::object as json_object;
use super::oauth::promise;
use super::options;
use crate::protocol::canvas::{body_signature, sheet_blob, sheet_invalid};
use crate::protocol::error::Error;
use crate::protocol::oauth::constant_time_eq;
use crate::protocol::user_hash::check_intercom_secret;
use crate::rim::crypto::{hmac, Hash};
use crate::rim::object::get_str;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// True when `signature` (the `X-Body-Signature` header) is the hex HMAC-SHA256 of the raw
/// `body` with the client secret. A missing or malformed signature is `false`, not an error.
pub async fn verify_canvas_request(
    body: &[u8],
    signature: Option<&str>,
    client_secret: &str,
) -> Result<bool, Error> {
    check_intercom_secret("clientSecret", client_secret)?;
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
    let key = aes_key_raw(&sha256(client_secret.as_bytes()).await?).await?;
    let plain = aes_gcm_decrypt(&key, &blob.iv, &[], &blob.sealed)
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

// --- the JS exports ---

#[wasm_bindgen(js_name = verifyCanvasRequest, unchecked_return_type = "Promise<boolean>")]
pub fn js_verify_canvas_request(
    #[wasm_bindgen(unchecked_param_type = "VerifyCanvasRequestOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = options::string(&opts, "clientSecret")?.unwrap_or_default();
        let body = options::field(&opts, "body")?
            .and_then(|b| options::bytes(&b))
            .ok_or_else(|| {
                Error::invalid_argument("body: the raw body as a string, Uint8Array or ArrayBuffer")
            })?;
        // Anything but a string (null, a number) is no signature: false, not an error.
        let signature = options::field(&opts, "signature")
            .ok()
            .flatten()
            .and_then(|s| s.as_string());
        let ok = verify_canvas_request(&body, signature.as_deref(), &secret).await?;
        Ok(JsValue::from_bool(ok))
    }))
}

#[wasm_bindgen(js_name = decryptSheetUser, unchecked_return_type = "Promise<Record<string, unknown>>")]
pub fn js_decrypt_sheet_user(
    #[wasm_bindgen(unchecked_param_type = "DecryptSheetUserOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = options::string(&opts, "clientSecret")?.unwrap_or_default();
        let user = match (
            options::field(&opts, "intercomData")?,
            options::string(&opts, "user")?,
        ) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_argument(
                    "intercomData or user: give one, not both",
                ))
            }
            (None, Some(u)) => u,
            (Some(data), None) => match data.as_string() {
                Some(text) => sheet_user_of(&text)?,
                None if data.is_object() => get_str(&data, "user")
                    .ok_or_else(|| sheet_invalid("intercom_data has no user"))?,
                None => {
                    return Err(Error::invalid_argument(
                        "intercomData: the intercom_data form field (a JSON string)",
                    ))
                }
            },
            (None, None) => {
                return Err(Error::invalid_argument(
                    "intercomData or user: one is required",
                ))
            }
        };
        decrypt_sheet_user(&user, &secret).await
    }))
}
