//! `sealToken` / `openToken`: OAuth tokens encrypted for storage (KV, D1, cookies). The format
//! and key rules are in `protocol::seal`; AES-GCM and HKDF run in WebCrypto.

use super::cipher::{aes_gcm_decrypt, aes_gcm_encrypt, aes_key_hkdf};
use super::oauth::promise;
use super::options;
use crate::protocol::error::Error;
use crate::protocol::seal::{self as rules, Keys};
use crate::rim::crypto::random_bytes;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::CryptoKey;

async fn key_for(secret: &str, key_id: &str) -> Result<CryptoKey, Error> {
    aes_key_hkdf(
        secret.as_bytes(),
        rules::HKDF_SALT,
        &rules::hkdf_info(key_id),
    )
    .await
}

/// Encrypts `token` under `key` (≥ 32 characters); the result names `key_id` (default
/// "default") so keys can rotate.
pub async fn seal_token(token: &str, key: &str, key_id: Option<&str>) -> Result<String, Error> {
    rules::check_token(token)?;
    rules::check_key("key", key)?;
    let key_id = key_id.unwrap_or(rules::DEFAULT_KEY_ID);
    rules::check_key_id(key_id)?;
    let iv = random_bytes::<{ rules::IV_LEN }>()?;
    let aes = key_for(key, key_id).await?;
    let sealed = aes_gcm_encrypt(&aes, &iv, &rules::aad(key_id), token.as_bytes()).await?;
    Ok(rules::encode(key_id, &iv, &sealed))
}

/// Decrypts a string from `seal_token`; any failure (format, keyId, tag) is token_seal_invalid.
pub async fn open_token(sealed: &str, keys: &Keys) -> Result<String, Error> {
    match keys {
        Keys::One(k) => rules::check_key("keys", k)?,
        Keys::ById(list) => {
            if list.is_empty() {
                return Err(Error::invalid_argument("keys: no key given"));
            }
            for (id, k) in list {
                rules::check_key_id(id)?;
                rules::check_key(&["keys.", id].concat(), k)?;
            }
        }
    }
    let s = rules::decode(sealed)?;
    let aes = key_for(rules::key_for(keys, &s.key_id)?, &s.key_id).await?;
    let plain = aes_gcm_decrypt(&aes, &s.iv, &rules::aad(&s.key_id), &s.sealed)
        .await?
        .ok_or_else(|| rules::seal_invalid("wrong key, or the sealed string was altered"))?;
    String::from_utf8(plain).map_err(|_| rules::seal_invalid("not text"))
}

// --- the JS exports ---

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
        let key = key.as_string().ok_or_else(|| {
            Error::invalid_argument(["keys: ", &id, " must be a string"].concat())
        })?;
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
