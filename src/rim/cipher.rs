//! WebCrypto beyond HMAC: SHA-256, AES-256-GCM and HKDF-SHA256, for sheet users and sealed
//! tokens. The global `crypto.subtle` does the work; nothing here is hand-rolled crypto.

use crate::protocol::error::Error;
use crate::protocol::seal as rules;
use crate::rim::crypto::{crypto, unavailable};
use crate::rim::object::set;
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

async fn settle(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, Error> {
    JsFuture::from(p.map_err(|_| unavailable())?)
        .await
        .map_err(|_| unavailable())
}

fn bytes(v: &[u8]) -> Object {
    Uint8Array::from(v).into()
}

pub async fn sha256(data: &[u8]) -> Result<Vec<u8>, Error> {
    let digest = settle(
        crypto()?
            .subtle()
            .digest_with_str_and_u8_array("SHA-256", data),
    )
    .await?;
    Ok(Uint8Array::new(&digest).to_vec())
}

fn usages() -> Array {
    Array::of2(&"encrypt".into(), &"decrypt".into())
}

fn aes_algorithm() -> Object {
    let a = Object::new();
    set(&a, "name", &"AES-GCM".into());
    set(&a, "length", &JsValue::from_f64(256.0));
    a
}

/// An AES-256-GCM key from 32 raw bytes (the sheet key is SHA-256 of the client secret).
pub async fn aes_key_raw(raw: &[u8]) -> Result<CryptoKey, Error> {
    let p = crypto()?.subtle().import_key_with_object(
        "raw",
        &bytes(raw),
        &aes_algorithm(),
        false,
        &usages(),
    );
    Ok(settle(p).await?.unchecked_into())
}

/// AES-256-GCM (encrypt, or decrypt when `decrypt`) under a key derived from `secret` with
/// HKDF-SHA256 for `key_id` (protocol::seal's salt, info and AAD); the key never leaves
/// WebCrypto. `None`: decryption failed its tag (wrong key, altered data).
pub async fn hkdf_gcm(
    decrypt: bool,
    secret: &str,
    key_id: &str,
    iv: &[u8],
    data: &[u8],
) -> Result<Option<Vec<u8>>, Error> {
    let p = crate::rim::runtime::hkdf_gcm(
        decrypt,
        secret.as_bytes(),
        rules::HKDF_SALT,
        &rules::hkdf_info(key_id),
        iv,
        &rules::aad(key_id),
        data,
    );
    let out = settle(p).await?;
    Ok((!out.is_null()).then(|| Uint8Array::new(&out).to_vec()))
}

fn gcm_params(iv: &[u8], aad: &[u8]) -> Object {
    let params = Object::new();
    set(&params, "name", &"AES-GCM".into());
    set(&params, "iv", &bytes(iv));
    set(&params, "tagLength", &JsValue::from_f64(128.0));
    if !aad.is_empty() {
        set(&params, "additionalData", &bytes(aad));
    }
    params
}

/// The plaintext, or `None` when the tag does not verify (wrong key, tampered data).
pub async fn aes_gcm_decrypt(
    key: &CryptoKey,
    iv: &[u8],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Option<Vec<u8>>, Error> {
    let p = crypto()?
        .subtle()
        .decrypt_with_object_and_u8_array(&gcm_params(iv, aad), key, sealed)
        .map_err(|_| unavailable())?;
    Ok(JsFuture::from(p)
        .await
        .ok()
        .map(|plain| Uint8Array::new(&plain).to_vec()))
}
