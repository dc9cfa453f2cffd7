//! The JS exports `sealToken` and `openToken`: they read options and call `crate::toolkit::seal`.

use super::oauth::promise;
use super::options;
use crate::protocol::error::Error;
use crate::protocol::seal::Keys;
use crate::protocol::text::cat;
use crate::toolkit::seal::{open_token, seal_token};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_name = sealToken, unchecked_return_type = "Promise<string>")]
pub fn js_seal_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SealTokenOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let token = token
            .as_string()
            .ok_or_else(|| Error::invalid_argument("token: expected a string"))?;
        let key = options::string(&opts, "key")?.unwrap_or_default();
        let key_id = options::string(&opts, "keyId")?;
        Ok(JsValue::from_str(
            &seal_token(&token, &key, key_id.as_deref()).await?,
        ))
    }))
}

fn keys_of(opts: &JsValue) -> Result<Keys, Error> {
    let v = options::field(opts, "keys")?
        .ok_or_else(|| Error::invalid_argument("keys: required, a key or { keyId: key }"))?;
    if let Some(one) = v.as_string() {
        return Ok(Keys::One(one));
    }
    options::object(&v, "keys", true)?;
    let mut list = Vec::new();
    let entries = crate::rim::object::entries(&v)
        .map_err(|_| Error::invalid_argument("keys: could not be read"))?;
    for (id, key) in entries {
        let key = key
            .as_string()
            .ok_or_else(|| Error::invalid_argument(cat(&["keys: ", &id, " must be a string"])))?;
        list.push((id, key));
    }
    Ok(Keys::ById(list))
}

#[wasm_bindgen(js_name = openToken, unchecked_return_type = "Promise<string>")]
pub fn js_open_token(
    #[wasm_bindgen(unchecked_param_type = "string")] sealed: JsValue,
    #[wasm_bindgen(unchecked_param_type = "OpenTokenOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let keys = keys_of(&opts)?;
        let text = sealed
            .as_string()
            .ok_or_else(|| Error::invalid_argument("sealed: expected a string"))?;
        Ok(JsValue::from_str(&open_token(&text, &keys).await?))
    }))
}
