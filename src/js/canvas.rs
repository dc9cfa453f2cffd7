//! The JS exports `verifyCanvasRequest` and `decryptSheetUser`: they read options and call
//! `crate::toolkit::canvas`.

use super::oauth::promise;
use super::options;
#[cfg(feature = "toolkit")]
use crate::protocol::canvas::sheet_invalid;
use crate::protocol::error::Error;
#[cfg(feature = "webhooks")]
use crate::protocol::inbound::CANVAS_MAX_BYTES;
#[cfg(feature = "toolkit")]
use crate::rim::object::get_str;
#[cfg(feature = "webhooks")]
use crate::toolkit::canvas::verify_canvas_request_capped;
#[cfg(feature = "toolkit")]
use crate::toolkit::canvas::{decrypt_sheet_user, sheet_user_of};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

// Gates (Cargo.toml): verifyCanvasRequest is `webhooks` (Intercom's signed POSTs),
// decryptSheetUser is `toolkit`.
#[cfg(feature = "webhooks")]
#[wasm_bindgen(js_name = verifyCanvasRequest, unchecked_return_type = "Promise<boolean>")]
pub fn js_verify_canvas_request(
    #[wasm_bindgen(unchecked_param_type = "VerifyCanvasRequestOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = options::string(&opts, "clientSecret")?.unwrap_or_default();
        let cap = options::number(&opts, &CANVAS_MAX_BYTES)?.unwrap_or(CANVAS_MAX_BYTES.default);
        // Measured before it is copied: a body over the cap is refused unread.
        let body = options::field(&opts, "body")?
            .and_then(|b| crate::rim::body::held(&b, cap))
            .ok_or_else(|| {
                Error::invalid_argument("body: the raw body as a string, Uint8Array or ArrayBuffer")
            })??;
        // Anything but a string (null, a number) is no signature: false, not an error.
        let signature = options::field(&opts, "signature")
            .ok()
            .flatten()
            .and_then(|s| s.as_string());
        let ok = verify_canvas_request_capped(&body, signature.as_deref(), &secret, cap).await?;
        Ok(JsValue::from_bool(ok))
    }))
}

#[cfg(feature = "toolkit")]
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
