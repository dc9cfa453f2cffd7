//! Canvas Kit and Messenger app requests: `verifyCanvasRequest` (X-Body-Signature) and
//! `decryptSheetUser` (open-sheet `intercom_data.user`). Rules in `protocol::canvas`.

use super::cipher::{aes_gcm_decrypt, aes_key_raw, sha256};
use super::crypto::{hmac, Hash};
use super::messenger::json_object;
use super::oauth::promise;
use super::object::get_str;
use super::options;
use crate::protocol::canvas::{body_signature, sheet_blob, sheet_invalid};
use crate::protocol::error::Error;
use crate::protocol::oauth::constant_time_eq;
use crate::protocol::user_hash::check_intercom_secret;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// The app's OAuth client secret (Developer Hub > Basic information), refused when empty.
pub(crate) fn client_secret(opts: &JsValue) -> Result<String, Error> {
    let s = options::string(opts, "clientSecret")?.unwrap_or_default();
    check_intercom_secret("clientSecret", &s)?;
    Ok(s)
}

/// True when `signature` is the hex HMAC-SHA256 of the raw `body` with the client secret.
/// A missing or wrong signature resolves false; only bad options reject.
#[wasm_bindgen(js_name = verifyCanvasRequest, unchecked_return_type = "Promise<boolean>")]
pub fn verify_canvas_request(
    #[wasm_bindgen(unchecked_param_type = "VerifyCanvasRequestOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = client_secret(&opts)?;
        let body = options::field(&opts, "body")?
            .and_then(|b| options::bytes(&b))
            .ok_or_else(|| {
                Error::invalid_argument("body: the raw body as a string, Uint8Array or ArrayBuffer")
            })?;
        let expected = options::field(&opts, "signature")
            .ok()
            .flatten()
            .and_then(|s| s.as_string())
            .and_then(|s| body_signature(&s));
        let ok = match expected {
            Some(expected) => {
                let mac = hmac(Hash::Sha256, secret.as_bytes(), &body).await?;
                constant_time_eq(&mac, &expected)
            }
            None => false,
        };
        Ok(JsValue::from_bool(ok))
    }))
}

/// The user object of an open-sheet request: AES-256-GCM with key SHA-256(client secret).
#[wasm_bindgen(js_name = decryptSheetUser, unchecked_return_type = "Promise<Record<string, unknown>>")]
pub fn decrypt_sheet_user(
    #[wasm_bindgen(unchecked_param_type = "DecryptSheetUserOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = client_secret(&opts)?;
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
            (Some(data), None) => {
                let data = match data.as_string() {
                    Some(text) => json_object(&text)
                        .ok_or_else(|| sheet_invalid("intercom_data is not a JSON object"))?,
                    None if data.is_object() => data,
                    None => {
                        return Err(Error::invalid_argument(
                            "intercomData: the intercom_data form field (a JSON string)",
                        ))
                    }
                };
                get_str(&data, "user").ok_or_else(|| sheet_invalid("intercom_data has no user"))?
            }
            (None, None) => {
                return Err(Error::invalid_argument(
                    "intercomData or user: one is required",
                ))
            }
        };
        let blob = sheet_blob(&user)?;
        let key = aes_key_raw(&sha256(secret.as_bytes()).await?).await?;
        let plain = aes_gcm_decrypt(&key, &blob.iv, &[], &blob.sealed)
            .await?
            .ok_or_else(|| {
                sheet_invalid("the tag does not verify (another client secret, or altered)")
            })?;
        let text = String::from_utf8(plain).map_err(|_| sheet_invalid("not UTF-8"))?;
        json_object(&text).ok_or_else(|| sheet_invalid("not a JSON object"))
    }))
}
